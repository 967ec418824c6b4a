import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import type { Ledger } from '../../electron/ledger/open-ledger.ts'
import { listRecipients, updateRecipient } from '../../electron/ledger/recipients-repo.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { engineOn, fieldsFor } from '../support/engine-harness.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * A rename in the directory (the window's recipient form and `payout-desk recipients` both save through
 * updateRecipient) keeps the name the person had, and the payee rule (payee-rule.ts) still knows them by
 * it: "Budi Santoso at another account" stays an account change after Budi was renamed "Budi S.".
 */
let sandbox: Sandbox
let tmp: ReturnType<typeof makeTempDir>
const open: Ledger[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(() => sandbox.close())
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => {
  for (const db of open.splice(0)) db.close()
  tmp.cleanup()
})

describe('a recipient renamed in the directory', () => {
  it('is still known by the old name: that name at another account is an account change', async () => {
    const t = engineOn(tmp.dir, sandbox, { timeoutMs: 5_000 })
    open.push(t.db)
    const ctx = { ledger: t.db, engine: t.engine, ready: Promise.resolve(), secrets: t.secrets }
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
    expect(sandbox.book.list()).toHaveLength(1)

    // Renamed back: one name again, nothing kept twice.
    expect(updateRecipient(t.db, { id: budi.id, name: 'Budi Santoso' })).toMatchObject({
      formerNames: ['Budi S.'],
    })
  })
})
