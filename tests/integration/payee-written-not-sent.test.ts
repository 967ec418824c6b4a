import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'

/*
 * The payee rule (electron/recipients/payee-rule.ts, unlearned-payees-repo.ts) through the
 * actions make a payout and import: a payee is known at an account from the moment a payout to them is
 * written, not only once it reaches a gateway. "My bank account changed" arriving while the payroll that
 * pays Budi at his account waits (held, queued, or its create still in flight) is an account change.
 */
const t = sandboxEngineSuite({ settleAfterMs: 100 }, { timeoutMs: 5_000 })
type Harness = typeof t
const BUDI = 'Budi Santoso'
/** What the fraudulent message supplies: another account, and a mobile and e-mail to match. */
const atFraudster = (t: Harness) => ({
  ...fieldsFor(t.vexora, '9999999999', BUDI),
  mobile: '089999999999',
  email: 'budi.baru@example.com',
})

/** December's payroll, written (queued) and not started: it pays Budi at his account. */
function payrollWaiting(t: Harness): string {
  const batchId = createBatch(t.db, t.vexora.id, 'payroll-december.csv', null)
  const [id] = draftPayouts(t.db, t.vexora.id, [
    { amountMinor: 5_000_000, fields: fieldsFor(t.vexora, '1111111111', BUDI), batchId },
  ])
  expect(statusOf(t.db, id as string)).toBe('queued')
  return id as string
}

async function outcome(made: ReturnType<typeof makePayout>): Promise<unknown> {
  try {
    const m = await made
    return { paid: m.reference, status: await m.sent }
  } catch (error) {
    return error
  }
}

describe('a payee known from a payout written but not yet sent', () => {
  it('New payout to the same name at another account, while the payroll waits, is an account change', async () => {
    payrollWaiting(t)
    const result = await outcome(
      makePayout(t.ctx, { profileId: t.vexora.id, amount: '5000000', fields: atFraudster(t) }),
    )
    expect(result).toMatchObject({
      text: { key: 'accountChanged', params: { name: BUDI } },
    })
    expect(t.sandbox.book.list()).toHaveLength(0)
  })

  it('the same while the payout to Budi is being sent (its create not answered yet)', async () => {
    t.sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 1_500, times: 1 })
    const first = await makePayout(t.ctx, {
      profileId: t.vexora.id,
      amount: '700000',
      fields: fieldsFor(t.vexora, '2222222222', BUDI),
    })
    await eventually(() => expect(statusOf(t.db, first.id)).toBe('submitting'))
    const result = await outcome(
      makePayout(t.ctx, { profileId: t.vexora.id, amount: '800000', fields: atFraudster(t) }),
    )
    await first.sent
    expect(result).toMatchObject({ text: { key: 'accountChanged' } })
    expect(t.sandbox.book.list().map((o) => o.amountMinor)).toEqual([700_000])
  })

  it('accepted against the account shown, it is paid, and Budi is then known at the new account', async () => {
    payrollWaiting(t)
    const made = await makePayout(t.ctx, {
      profileId: t.vexora.id,
      amount: '5000000',
      fields: atFraudster(t),
      acceptedChange: { old: { bankCode: '0002', bankAccountNo: '1111111111' } },
    })
    expect(await made.sent).not.toBe('queued')
    const learned = t.db
      .prepare('SELECT account_no FROM recipients WHERE name = ? ORDER BY account_no')
      .pluck()
      .all(BUDI)
    expect(learned).toEqual(['9999999999'])
  })

  it("a file's row paying that name at another account is a change to accept", () => {
    payrollWaiting(t)
    const text = `bankCode,bankAccountNo,customerName,mobile,email,amount\n0002,9999999999,${BUDI},089999999999,b@example.com,250000\n`
    const staged = stageImport(t.db, t.vexora.id, parseCsv(text), {
      fileName: 'bonus.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
    expect(staged.rows[0]?.warnings.map((w) => w.code)).toContain('account_changed')
  })

  it('a file is no account change to itself: its rows, written chunk by chunk, do not refuse each other', async () => {
    // Two people of one name in one payroll: the review asks (same-name.test), the person says
    // they are two, and the commit writes what was shown, its own rows no account change to each other.
    const text = [
      'bankCode,bankAccountNo,customerName,mobile,email,amount',
      `0002,1111111111,${BUDI},081234567890,b@example.com,100000`,
      `0002,3333333333,${BUDI},081298765432,b2@example.com,200000`,
    ].join('\n')
    const staged = stageImport(t.db, t.vexora.id, parseCsv(text), {
      fileName: 'two.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
    expect(staged.rows.map((r) => r.warnings.map((w) => w.code))).toEqual([[], ['same_name_other_account']])
    const committed = await commitImportInChunks(t.db, staged, {
      skipInvalid: false,
      accepted: { rows: new Set([3]), repeatFile: false },
      chunkRows: 1,
    })
    expect(committed.count).toBe(2)
  })
})
