// learnPayee's move of the same person's row in another profile of the same merchant account
// (electron/ledger/recipients-repo.ts) reads names as the payee rule (matcherOver) does: a former name
// only while nobody bears it now. A renamed recipient (Siti, formerly "Budi") is not moved to Budi's new
// account, so a payout to Siti there is still a change to ask about.
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
const { call } = ipcCaller(() => handlers)

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
  through: string,
  fields: Record<string, string>,
  amount: string,
  old?: Record<string, string>,
) => {
  const created = await call('createPayout', {
    profileId: through,
    amount,
    fields,
    idempotencyKey: randomUUID(),
    ...(old ? { acceptAccountChange: { old } } : {}),
  })
  await eventually(async () => {
    await call('refreshPayouts', { ids: [created.id] })
    expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
  })
  return created
}
const X = { bankCode: '0002', bankAccountNo: '0012345' }

it('a renamed recipient of another profile (formerly the payee’s name) is not moved to the payee’s new account', async () => {
  const a = vexora().id
  const b = insertProfile(services.ledger, { ...vexora(), name: 'Payroll (same account)' }).id
  // Profile B paid "Budi" at X; the owner then learned X is Siti's and renamed the entry.
  await pay(b, idrFields('0012345', 'Budi'), '50000')
  const [rb] = (await call('listRecipients', { profileId: b })) as { id: string }[]
  if (!rb) throw new Error('no recipient')
  await call('saveRecipient', { id: rb.id, name: 'Siti', mobile: null, email: null, note: null })
  // Profile A paid Budi at X too (its own row "Budi"), then Budi's move to Y is accepted and paid through A.
  await pay(a, idrFields('0012345', 'Budi'), '51000')
  await pay(a, idrFields('0077777', 'Budi'), '52000', X)
  // Siti (B's row) was never Budi in the rule's eyes (A's Budi bears that name): she is still known at X.
  const sitiAtY = await call('checkRecipient', { profileId: b, fields: idrFields('0077777', 'Siti') })
  expect(sitiAtY.kind).toBe('changed')
  const rows = services.ledger
    .prepare('SELECT name, account_no FROM recipients WHERE profile_id = ?')
    .all(b) as { name: string; account_no: string }[]
  expect(rows).toEqual([{ name: 'Siti', account_no: '0012345' }])
}, 60_000)
