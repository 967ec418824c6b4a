import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { listRecipients, updateRecipient } from '../../electron/ledger/recipients-repo.ts'
import { fieldsFor, sandboxEngineSuite } from '../support/engine-harness.ts'

/*
 * A rename in the directory (the window's recipient form and `payout-desk recipients` both save through
 * updateRecipient) keeps the name the person had, and the payee rule (payee-rule.ts) still knows them by
 * it: "Budi Santoso at another account" stays an account change after Budi was renamed "Budi S.".
 */
const t = sandboxEngineSuite({ settleAfterMs: 50 }, { timeoutMs: 5_000 })

describe('a recipient renamed in the directory', () => {
  it('is still known by the old name: that name at another account is an account change', async () => {
    const { ctx } = t
    const paid = await makePayout(ctx, {
      profileId: t.vexora.id,
      amount: '300000',
      fields: fieldsFor(t.vexora, '1212121212', 'Budi Santoso'),
    })
    await paid.sent
    const [budi] = listRecipients(t.db, { profileId: t.vexora.id })
    if (!budi) throw new Error('Budi was not learned')
    const renamed = updateRecipient(t.db, { id: budi.id, name: 'Budi S.' })
    expect(renamed).toMatchObject({ name: 'Budi S.', formerNames: ['Budi Santoso'] })

    await expect(
      makePayout(ctx, {
        profileId: t.vexora.id,
        amount: '300000',
        fields: { ...fieldsFor(t.vexora, '9898989898', 'Budi Santoso'), mobile: '089999999999' },
      }),
    ).rejects.toMatchObject({ text: { key: 'accountChanged', params: { name: 'Budi S.' } } })
    expect(t.sandbox.book.list()).toHaveLength(1)

    // Renamed back: one name again, nothing kept twice.
    expect(updateRecipient(t.db, { id: budi.id, name: 'Budi Santoso' })).toMatchObject({
      formerNames: ['Budi S.'],
    })
  })
})
