// Issue 21 (review): the repeat rule (same account and amount in the last 30 days) holds at New payout as
// at the import door: the same payout typed twice (a second form after a lost answer) is refused with
// the earlier one named, and paid only once the person ticks that they mean it. Covers make-payout.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { eventually } from '../support/eventually.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'

const t = ipcServicesSuite({ sandbox: { settleAfterMs: 100 }, engine: { settleMs: 0 } })
const { call, refusal } = t

describe('New payout and the duplicate rule', () => {
  it('refuses (asks to accept) the same account and amount sent minutes ago, as the import door does', async () => {
    const profile = listProfiles(t.services.ledger).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no vexora profile')
    const input = { profileId: profile.id, amount: '150000', fields: idrFields('0012345', 'Siti Rahma') }
    const first = await call('createPayout', { ...input, idempotencyKey: randomUUID() })

    // The import door refuses the very same payout without the person's tick:
    t.files.next = {
      name: 'one.csv',
      bytes: Buffer.from(
        'name,account number,bank code,mobile,email,amount\nSiti Rahma,0012345,0002,081234567890,siti@example.com,150000\n',
      ),
    }
    const review = await call('openImportFile', { profileId: profile.id })
    expect(review?.rows[0]?.warnings.map((w) => w.code)).toEqual(['sent_recently'])
    expect(await refusal('confirmImport', { importId: review?.importId ?? '' })).toMatchObject({
      code: 'INVALID_INPUT',
    })

    // New payout, a second form with the same payout (the first answer was lost, the person tries again):
    const second = await refusal('createPayout', { ...input, idempotencyKey: randomUUID() }).catch(
      (e: unknown) => e,
    )
    // Whatever was written has left for the gateway before the orders are counted.
    await eventually(() =>
      expect(
        t.services.ledger
          .prepare("SELECT count(*) FROM payouts WHERE status IN ('queued', 'submitting')")
          .pluck()
          .get(),
      ).toBe(0),
    )
    const orders = ((await t.services.sandbox())?.book.list() ?? []).filter(
      (o) => o.fields.bankAccountNo === '0012345',
    )
    expect({ second, orders: orders.length }).toMatchObject({
      second: { code: 'INVALID_INPUT' },
      orders: 1,
    })
    expect(second).toMatchObject({ key: 'sentRecently', params: { reference: first.reference } })
    // The person says they mean it: paid again, once.
    await call('createPayout', { ...input, idempotencyKey: randomUUID(), acceptRepeat: true })
    await eventually(async () => {
      const all = ((await t.services.sandbox())?.book.list() ?? []).filter(
        (o) => o.fields.bankAccountNo === '0012345',
      )
      expect(all).toHaveLength(2)
    })
  })
})
