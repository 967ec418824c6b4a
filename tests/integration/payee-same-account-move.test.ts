// Review 2: a held payout is released to the account Siti moved away from, because a second profile of the
// same merchant account still holds her old account in its own directory row.
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { insertProfile, listProfiles, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { eventually } from '../support/eventually.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
const { call, refusal } = ipcCaller(() => handlers)
const PASSPHRASE = 'correct horse battery staple 7Q'

beforeEach(async () => {
  tmp = makeTempDir()
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    sandbox: { settleAfterMs: 50 },
    poll: false,
  })
  handlers = createHandlers(
    services,
    () => undefined,
    () => undefined,
  )
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

const vexora = () => listProfiles(services.ledger).find((p) => p.provider === 'vexora') as ProfileRecord
const pay = async (
  profileId: string,
  fields: Record<string, string>,
  amount: string,
  old?: Record<string, string>,
) => {
  const created = await call('createPayout', {
    profileId,
    amount,
    fields,
    idempotencyKey: randomUUID(),
    ...(old ? { acceptAccountChange: { old } } : {}),
  })
  if (created.status === 'draft') return created
  await eventually(async () => {
    await call('refreshPayouts', { ids: [created.id] })
    expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
  })
  return created
}
const OLD = { bankCode: '0002', bankAccountNo: '0012345' }

it('a held payout is not released to the old account when a second profile of the same merchant account knew her there', async () => {
  const main = vexora()
  const payroll = insertProfile(services.ledger, { ...main, name: 'Payroll (same account)' })
  // Siti is paid at her old account through both profiles: each profile's directory has a row for her there.
  await pay(main.id, idrFields('0012345', 'Siti Rahma'), '50000')
  await pay(payroll.id, idrFields('0012345', 'Siti Rahma'), '51000')
  await call('setReleaseLimits', {
    profileId: main.id,
    perPayout: '100,000',
    perDay: '',
    newPassphrase: PASSPHRASE,
  })
  const held = await pay(main.id, idrFields('0012345', 'Siti Rahma'), '150000')
  expect(held.status).toBe('draft')
  // Siti's account change is accepted and paid: the directory moves her to 0099887.
  await pay(main.id, idrFields('0099887', 'Siti Rahma'), '60000', OLD)
  const [group] = await call('listAwaitingRelease')
  if (!group) throw new Error('nothing waits')
  const refused = await refusal('releasePayouts', {
    profileId: main.id,
    held: { payoutIds: group.payoutIds },
    passphrase: PASSPHRASE,
    reviewHash: group.reviewHash,
  })
  // The correct behaviour: refused as release-payee-moved.test.ts's single-profile case is.
  expect(refused.message).toMatch(/^Nothing was released\. Siti Rahma is now known at .*0099887/)
  expect((await call('getPayout', { id: held.id })).status).toBe('draft')
})
