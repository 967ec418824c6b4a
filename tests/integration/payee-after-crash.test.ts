import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { claimForSubmit, loadPayout } from '../../electron/ledger/payout-store.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'

/*
 * The payee rule (unlearned-payees-repo.ts) through the actions make a payout and the
 * engine's recovery. The directory learns a payee from the create's recorded exchange; a process that died
 * after its create left but before the exchange was written leaves a payout the recovery finds at the
 * gateway (processing) that no directory entry names. Budi is still known at that account.
 */
// Slow to settle, so the recovered payout is still processing when the second one is made.
const t = sandboxEngineSuite({ settleAfterMs: 5_000 }, { timeoutMs: 5_000 })
const BUDI = 'Budi Santoso'

describe('a payee whose create was cut off by a crash', () => {
  it('is known at that account after recovery: Budi at another account is an account change', async () => {
    const id = draftPayout(t.db, {
      profileId: t.vexora.id,
      amountMinor: 5_000_000,
      fields: fieldsFor(t.vexora, '1111111111', BUDI),
    })
    // The process that died: its claim was written ahead, its create reached the gateway, and it died
    // before the exchange was recorded.
    expect(
      claimForSubmit(t.db, id, ['queued'], Date.now() - 10_000, { owner: 'dead:1:x', ms: 1 }),
    ).not.toBeNull()
    const payout = loadPayout(t.db, id)
    if (!payout) throw new Error('no payout')
    const client = await t.resolveClient(t.vexora)
    await client.create({ ...payout, fields: payout.fields })
    await t.engine.recover()
    expect(statusOf(t.db, id)).toBe('processing')
    expect(t.db.prepare('SELECT recipient_id FROM payouts WHERE id = ?').pluck().get(id)).toBeNull()

    await expect(
      makePayout(t.ctx, {
        profileId: t.vexora.id,
        amount: '5000000',
        fields: { ...fieldsFor(t.vexora, '9999999999', BUDI), mobile: '089999999999' },
      }),
    ).rejects.toMatchObject({ text: { key: 'accountChanged', params: { name: BUDI } } })
    expect(t.sandbox.book.list()).toHaveLength(1)
  })
})
