import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import type { ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { recordSentPayout } from '../../electron/ledger/recipients-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * The payee rule (issue 21, docs/money-safety.md): a payout that names a known person at another account
 * than the one on record is an account change. matcherOver (payee-rule.ts) looks the ACCOUNT up first: when
 * the new account belongs to ANOTHER known payee, the row is "known" (as that payee) and the name is never
 * compared. So a known payee who sends "Budi's account changed, pay him here" with their own account
 * gets Budi's money with no account-change question at any door, every month (the directory keeps
 * Budi at his real account and the other payee at theirs, so nothing is ever learned either).
 */
describe('a known name at the account of another known payee', () => {
  let tmp: ReturnType<typeof makeTempDir>
  let db: Ledger
  let profile: ProfileRecord
  const shape = payoutShape('vexora', 'ID') as PayoutShape
  beforeEach(() => {
    tmp = makeTempDir()
    db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    profile = addSandboxProfile(db)
    // Last month: Budi paid at his account, Eve (a contractor) at hers. Both learned when sent.
    const sent = (n: number, name: string, account: string) => {
      const id = insertPayout(
        db,
        vexoraPayout(profile, n, {
          accountNo: account,
          beneficiaryName: name,
          fields: { bankCode: '0002', bankAccountNo: account, customerName: name, mobile: '081234567890' },
        }),
        Date.now() - 40 * 86_400_000,
      )
      recordSentPayout(db, id, shape, Date.now() - 40 * 86_400_000)
    }
    sent(1, 'Budi Santoso', '0011112222')
    sent(2, 'Eve Wijaya', '0099990000')
  })
  afterEach(() => {
    db.close()
    tmp.cleanup()
  })
  const budiAtEves = {
    bankCode: '0002',
    bankAccountNo: '0099990000',
    customerName: 'Budi Santoso',
    mobile: '081234567890',
    email: 'budi@example.com',
  }

  it('New payout / pay refuses it unless the change is accepted', () => {
    expect(() =>
      draftPayout(db, { profileId: profile.id, amountMinor: 5_000_000, fields: budiAtEves }),
    ).toThrow(/Budi Santoso was last paid at/)
  })

  it("a file's review warns about it", () => {
    const text = `name,account number,bank code,mobile,email,amount\nBudi Santoso,0099990000,0002,081234567890,budi@example.com,5000000\n`
    const staged = stageImport(db, profile.id, parseCsv(text), {
      fileName: 'salaries.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
    expect(staged.rows[0]?.warnings.map((w) => w.code)).toContain('account_changed')
  })
})
