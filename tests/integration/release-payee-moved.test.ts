// The release action (electron/actions/release.ts, releaseHeld) judges the payee rule again: a held payout
// is not let go to an account the directory has moved away from since it was written. Through the
// window's channels, on real services, the loopback sandbox and a real ledger file. Also how an accepted
// change moves the payee's rows in the profiles of the same merchant account (recipients-repo learnPayee).
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
  mainId = vexora().id
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
// The sandbox's Vexora profile, as it was before a test adds another of the same merchant account.
let mainId = ''
const profileId = () => mainId
const pay = async (
  fields: Record<string, string>,
  amount: string,
  old?: Record<string, string>,
  through = profileId(),
) => {
  const created = await call('createPayout', {
    profileId: through,
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
const ordersTo = async (account: string) =>
  (await services.sandbox())?.book.list().filter((o) => o.fields.bankAccountNo === account) ?? []
const release = async () => {
  const [group] = await call('listAwaitingRelease')
  if (!group) throw new Error('nothing waits')
  return {
    group,
    input: {
      profileId: profileId(),
      held: { payoutIds: group.payoutIds },
      passphrase: PASSPHRASE,
      reviewHash: group.reviewHash,
    },
  }
}
const OLD = { bankCode: '0002', bankAccountNo: '0012345' }
/** Eko's payout over the limit, to an account the sandbox's bank refuses: it waits for release. */
const ekoOverTheLimit = () =>
  call('createPayout', {
    profileId: profileId(),
    amount: '150000',
    fields: idrFields('0055000', 'Eko'),
    idempotencyKey: randomUUID(),
  })
/** Released, then refused by the bank: failed. */
const failedAfterRelease = async (id: string) => {
  expect((await call('releasePayouts', (await release()).input)).released).toBe(1)
  await eventually(async () => {
    await call('refreshPayouts', { ids: [id] })
    expect((await call('getPayout', { id })).status).toBe('failed')
  })
}

it('an accepted change does not move another profile’s renamed recipient once named like the payee', async () => {
  const b = insertProfile(services.ledger, { ...vexora(), name: 'Payroll (same account)' }).id
  // Profile B paid "Budi" at the old account; the owner then learned it is Siti's and renamed the entry.
  await pay(idrFields('0012345', 'Budi'), '50000', undefined, b)
  const [rb] = (await call('listRecipients', { profileId: b })) as { id: string }[]
  if (!rb) throw new Error('no recipient')
  await call('saveRecipient', { id: rb.id, name: 'Siti', mobile: null, email: null, note: null })
  // The sandbox profile pays Budi there too (its own row "Budi"), then his move to a new account is
  // accepted and paid. Siti was never Budi in the payee rule's eyes (that name is borne now): she stays.
  await pay(idrFields('0012345', 'Budi'), '51000')
  await pay(idrFields('0077777', 'Budi'), '52000', OLD)
  const sitiThere = await call('checkRecipient', { profileId: b, fields: idrFields('0077777', 'Siti') })
  expect(sitiThere.kind).toBe('changed')
  const rows = services.ledger.prepare('SELECT name, account_no FROM recipients WHERE profile_id = ?').all(b)
  expect(rows).toEqual([{ name: 'Siti', account_no: '0012345' }])
}, 60_000)

it('after an accepted move, the old account is not read as the payee’s through a twin renamed from his name', async () => {
  const b = insertProfile(services.ledger, { ...vexora(), name: 'Payroll (same account)' }).id
  // Profile B paid Budi at his account, and the owner gave the entry his full name (review finding).
  await pay(idrFields('0012345', 'Budi'), '50000', undefined, b)
  const [rb] = (await call('listRecipients', { profileId: b })) as { id: string }[]
  if (!rb) throw new Error('no recipient')
  await call('saveRecipient', { id: rb.id, name: 'Budi Santoso', mobile: null, email: null, note: null })
  // The sandbox profile pays Budi there too, then his move to 0077777 is accepted and paid.
  await pay(idrFields('0012345', 'Budi'), '51000')
  await pay(idrFields('0077777', 'Budi'), '52000', OLD)
  // "Budi" at the account he left is an account change again, not known through "Budi Santoso" there.
  const there = await call('checkRecipient', { profileId: profileId(), fields: idrFields('0012345', 'Budi') })
  expect(there.kind).toBe('changed')
}, 60_000)

describe('release and the payee rule', () => {
  beforeEach(async () => {
    await pay(idrFields('0012345', 'Siti Rahma'), '50000')
    await call('setReleaseLimits', {
      profileId: profileId(),
      perPayout: '100,000',
      perDay: '',
      newPassphrase: PASSPHRASE,
    })
  })

  it('refuses to let a held payout go to the account the directory moved away from since, naming both', async () => {
    const held = await pay(idrFields('0012345', 'Siti Rahma'), '150000')
    expect(held.status).toBe('draft')
    // Meanwhile Siti's account change is accepted on another payout, and paid: the directory moves.
    await pay(idrFields('0099887', 'Siti Rahma'), '60000', OLD)
    const { input } = await release()
    const refused = await refusal('releasePayouts', input)
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toMatch(
      new RegExp(
        `^Nothing was released\\. Siti Rahma is now known at bankCode 0002, bankAccountNo 0099887, but a payout waiting here \\(${held.reference}\\) would pay bankCode 0002, bankAccountNo 0012345`,
      ),
    )
    expect(await ordersTo('0012345')).toHaveLength(1)
    expect((await call('getPayout', { id: held.id })).status).toBe('draft')
    // The safe way out: cancel what waits.
    expect(await call('cancelAwaitingRelease', { profileId: profileId(), held: input.held })).toEqual({
      cancelled: 1,
    })
    expect((await call('getPayout', { id: held.id })).status).toBe('cancelled')
  })

  it('lets a held payout go whose accepted change is still what the directory holds', async () => {
    const held = await pay(idrFields('0099887', 'Siti Rahma'), '150000', OLD)
    expect(held.status).toBe('draft')
    const { input } = await release()
    expect(await call('releasePayouts', input)).toMatchObject({ released: 1 })
    await eventually(async () => expect(await ordersTo('0099887')).toHaveLength(1))
  })

  it('refuses the same when a second profile of the same merchant account knew her at the old account', async () => {
    // Paid at her old account through a second profile too: its directory has a row of its own for her.
    const payroll = insertProfile(services.ledger, { ...vexora(), name: 'Payroll (same account)' })
    await pay(idrFields('0012345', 'Siti Rahma'), '51000', undefined, payroll.id)
    const held = await pay(idrFields('0012345', 'Siti Rahma'), '150000')
    expect(held.status).toBe('draft')
    // The change is accepted and paid through the first profile: both profiles' rows move.
    await pay(idrFields('0099887', 'Siti Rahma'), '60000', OLD)
    const { input } = await release()
    expect((await refusal('releasePayouts', input)).message).toMatch(
      /^Nothing was released\. Siti Rahma is now known at bankCode 0002, bankAccountNo 0099887/,
    )
    expect(await ordersTo('0012345')).toHaveLength(2)
  })

  it('refuses to let a held Retry go once the payout it pays again may have paid after all (review 73)', async () => {
    // Eko's payout is released, and the bank refuses his account: it failed.
    const first = await ekoOverTheLimit()
    await failedAfterRelease(first.id)
    // Retry pays it again, over the limit: it waits for release.
    const retry = await call('retryPayout', { id: first.id })
    expect(retry.status).toBe('draft')
    // Meanwhile the gateway says the first one was paid after all: it waits for a person.
    services.ledger.prepare("UPDATE payouts SET attention = 'contradiction' WHERE id = ?").run(first.id)
    const { input } = await release()
    expect((await refusal('releasePayouts', input)).message).toMatch(
      new RegExp(`^Nothing was released\\. A Retry waiting here \\(${retry.reference}\\) would pay again`),
    )
    expect((await call('getPayout', { id: retry.id })).status).toBe('draft')
    expect(await ordersTo('0055000')).toHaveLength(1)
  }, 60_000)

  it('refuses to let a Retry of a Retry go once the first payout may have paid after all (review 77)', async () => {
    const first = await ekoOverTheLimit()
    await failedAfterRelease(first.id)
    const second = await call('retryPayout', { id: first.id })
    await failedAfterRelease(second.id)
    // A Retry of the Retry waits; meanwhile the gateway says the first one was paid after all.
    const third = await call('retryPayout', { id: second.id })
    expect(third.status).toBe('draft')
    services.ledger.prepare("UPDATE payouts SET attention = 'contradiction' WHERE id = ?").run(first.id)
    const { input } = await release()
    expect((await refusal('releasePayouts', input)).message).toMatch(
      new RegExp(`^Nothing was released\\. A Retry waiting here \\(${third.reference}\\) would pay again`),
    )
    expect((await call('getPayout', { id: third.id })).status).toBe('draft')
    expect(await ordersTo('0055000')).toHaveLength(2)
  }, 90_000)

  it('refuses to pay a Retry again once the first payout it pays again may have paid after all (review 77)', async () => {
    const first = await ekoOverTheLimit()
    await failedAfterRelease(first.id)
    await failedAfterRelease((await call('retryPayout', { id: first.id })).id)
    services.ledger.prepare("UPDATE payouts SET attention = 'contradiction' WHERE id = ?").run(first.id)
    const secondId = services.ledger
      .prepare('SELECT id FROM payouts WHERE retry_of = ?')
      .pluck()
      .get(first.id) as string
    expect((await refusal('retryPayout', { id: secondId })).message).toMatch(/may have paid after all/)
    expect(await ordersTo('0055000')).toHaveLength(2)
  }, 90_000)
})
