// A Retry of a Retry asks the gateway about every payout before it (electron/actions/retry-earlier.ts),
// through the window's Retry (actions/retry.ts retryPayout), on real services, a real ledger file and the
// loopback sandbox: the gateway's late word that the first payout paid never reached the ledger.
import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { listProfiles, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { retryOnePayout } from '../../electron/payouts/retry-failed.ts'
import { eventually } from '../support/eventually.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import { idrFields } from '../support/sandbox-clients.ts'

const desk = ipcServicesSuite({ sandbox: { settleAfterMs: 50 } })
const { call, refusal } = desk

const vexora = () => listProfiles(desk.services.ledger).find((p) => p.provider === 'vexora') as ProfileRecord
const ordersTo = async (account: string) =>
  (await desk.services.sandbox())?.book.list().filter((o) => o.fields.bankAccountNo === account) ?? []

it('refuses a Retry of a Retry once the gateway, asked now, says the first payout paid after all', async () => {
  const first = await call('createPayout', {
    profileId: vexora().id,
    amount: '150000',
    fields: idrFields('0056001', 'Eko'),
    idempotencyKey: randomUUID(),
  })
  await eventually(async () => {
    await call('refreshPayouts', { ids: [first.id] })
    expect((await call('getPayout', { id: first.id })).status).toBe('succeeded')
  })
  // The ledger had it failed (an early answer), and the gateway's late "paid" never reached it; its Retry
  // was cancelled before it was sent.
  desk.services.ledger.prepare("UPDATE payouts SET status = 'failed' WHERE id = ?").run(first.id)
  const second = retryOnePayout(desk.services.ledger, first.id)
  desk.services.ledger.prepare("UPDATE payouts SET status = 'cancelled' WHERE id = ?").run(second.id)

  expect((await refusal('retryPayout', { id: second.id })).message).toMatch(
    /^This payout pays again an earlier one that the gateway may have paid after all/,
  )
  // Asked now, the gateway's word is recorded on the first payout, for a person to settle.
  expect(
    desk.services.ledger.prepare('SELECT attention FROM payouts WHERE id = ?').pluck().get(first.id),
  ).toBe('contradiction')
  expect(await ordersTo('0056001')).toHaveLength(1)
}, 60_000)
