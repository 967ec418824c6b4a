import { describe, expect, it } from 'vitest'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { commitImport } from '../../electron/import/commit-import.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import type { Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertProfile, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { fieldsFor, sandboxEngineSuite } from '../support/engine-harness.ts'

/*
 * The repeat rule (electron/ledger/may-pay.ts SAME_ACCOUNT_PROFILES) through the actions make a payout and
 * import: one merchant account is one purse. Two profiles naming the same gateway account (a copy made
 * for payroll, say) see each other's payouts, so the same amount to the same person through the other
 * profile is a repeat to accept; a profile of another merchant account is not.
 */
const t = sandboxEngineSuite({ settleAfterMs: 50 }, { timeoutMs: 5_000 })
const copyOf = (profile: ProfileRecord, name: string, merchantId = profile.merchantId) =>
  insertProfile(t.db, { ...profile, name, merchantId })

const ACCOUNT = '7788990011'
const stagedWarnings = (db: Ledger, profile: ProfileRecord, amount: number) => {
  const text = `bankCode,bankAccountNo,customerName,mobile,email,amount\n0002,${ACCOUNT},Test Person,081234567890,t@example.com,${amount}\n`
  return stageImport(db, profile.id, parseCsv(text), {
    fileName: 'payroll.csv',
    sha256: sha256Hex(Buffer.from(text)),
  }).rows[0]?.warnings.map((w) => w.code)
}

describe('profiles of one gateway account share the repeat rule', () => {
  it('the same amount to the same account through the other profile is a repeat, at New payout and in a file', async () => {
    const { ctx } = t
    const payroll = copyOf(t.vexora, 'Payroll (same account)')
    const first = await makePayout(ctx, {
      profileId: t.vexora.id,
      amount: '125000',
      fields: fieldsFor(t.vexora, ACCOUNT),
    })
    await first.sent
    await expect(
      makePayout(ctx, { profileId: payroll.id, amount: '125000', fields: fieldsFor(payroll, ACCOUNT) }),
    ).rejects.toMatchObject({ text: { key: 'sentRecently', params: { reference: first.reference } } })
    expect(stagedWarnings(t.db, payroll, 125_000)).toContain('sent_recently')
  })

  it("another merchant's account is another purse: no repeat", async () => {
    const { ctx } = t
    const other = copyOf(t.vexora, 'Another merchant', `${t.vexora.merchantId}9`)
    await (
      await makePayout(ctx, {
        profileId: t.vexora.id,
        amount: '125000',
        fields: fieldsFor(t.vexora, ACCOUNT),
      })
    ).sent
    expect(stagedWarnings(t.db, other, 125_000)).not.toContain('sent_recently')
  })
})

describe('profiles of one gateway account share the payee rule and the file rule', () => {
  it('Budi paid through one profile, then Budi at another account through the other, is an account change', async () => {
    const payroll = copyOf(t.vexora, 'Payroll (same account)')
    await (
      await makePayout(t.ctx, {
        profileId: t.vexora.id,
        amount: '300000',
        fields: fieldsFor(t.vexora, '1212121212', 'Budi Santoso'),
      })
    ).sent
    await expect(
      makePayout(t.ctx, {
        profileId: payroll.id,
        amount: '300000',
        fields: fieldsFor(payroll, '9898989898', 'Budi Santoso'),
      }),
    ).rejects.toMatchObject({ text: { key: 'accountChanged', params: { name: 'Budi Santoso' } } })
  })

  it('a file imported through one profile is a file imported before through the other', () => {
    const payroll = copyOf(t.vexora, 'Payroll (same account)')
    const text = `bankCode,bankAccountNo,customerName,mobile,email,amount\n0002,${ACCOUNT},Test Person,081234567890,t@example.com,99000\n`
    const stage = (profile: ProfileRecord) =>
      stageImport(t.db, profile.id, parseCsv(text), {
        fileName: 'march.csv',
        sha256: sha256Hex(Buffer.from(text)),
      })
    commitImport(t.db, stage(t.vexora), {
      skipInvalid: false,
      accepted: { rows: new Set(), repeatFile: false },
    })
    expect(stage(payroll).previousImport).not.toBeNull()
  })

  it("a reference taken through one profile is taken in the other's file review, not only at the write", () => {
    const payroll = copyOf(t.vexora, 'Payroll (same account)')
    const text = (amount: number) =>
      `bankCode,bankAccountNo,customerName,mobile,email,amount,reference\n0002,${ACCOUNT},Test Person,081234567890,t@example.com,${amount},INV-0042\n`
    const stage = (profile: ProfileRecord, amount: number) =>
      stageImport(t.db, profile.id, parseCsv(text(amount)), {
        fileName: `${amount}.csv`,
        sha256: sha256Hex(Buffer.from(text(amount))),
      })
    commitImport(t.db, stage(t.vexora, 99_000), {
      skipInvalid: false,
      accepted: { rows: new Set(), repeatFile: false },
    })
    expect(stage(payroll, 12_000).rows[0]?.errors.map((e) => e.code)).toEqual(['reference_used'])
  })
})
