import { accountOf } from '../../electron/ledger/gateway-account.ts'
import type { Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout, type NewPayout } from '../../electron/ledger/payouts-repo.ts'
import { insertProfile, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'

export function addSandboxProfile(db: Ledger, name = 'Vexora ID sandbox'): ProfileRecord {
  return insertProfile(db, {
    name,
    provider: 'vexora',
    area: 'ID',
    environment: 'sandbox',
    baseUrl: 'http://127.0.0.1:1',
    // One gateway account per profile: references are unique per account.
    merchantId: `M-${name}`,
    notifyUrl: null,
  })
}

export function vexoraPayout(
  profile: ProfileRecord,
  n: number,
  overrides: Partial<NewPayout> = {},
): NewPayout {
  return {
    profileId: profile.id,
    provider: 'vexora',
    reference: `T${String(n).padStart(6, '0')}`,
    amountMinor: 10_000 + n,
    currency: 'IDR',
    beneficiaryName: `Beneficiary ${n}`,
    accountNo: `00${1000 + n}`,
    bankCode: '0002',
    fields: { bankCode: '0002', bankAccountNo: `00${1000 + n}` },
    status: 'processing',
    account: accountOf(profile),
    ...overrides,
  }
}

/** Input n for draftPayouts on a Vexora ID profile: every field valid, account and amount unique to n. */
export function vexoraDraft(n: number, overrides: Record<string, string> = {}) {
  return {
    amountMinor: 10_000 + n,
    fields: {
      bankCode: '0002',
      bankAccountNo: `00${1000 + n}`,
      customerName: `Person ${n}`,
      mobile: '081234567890',
      email: `p${n}@example.com`,
      ...overrides,
    },
  }
}

/** Inserts `count` payouts with `created_at` = base + i (ties when `sameTime` is set). */
export function seedPayouts(
  db: Ledger,
  profile: ProfileRecord,
  count: number,
  opts: { sameTime?: boolean } = {},
) {
  const base = 1_700_000_000_000
  for (let i = 0; i < count; i++) insertPayout(db, vexoraPayout(profile, i), opts.sameTime ? base : base + i)
}

/**
 * Rows this connection has inserted, updated or deleted since `before` (SQLite's total_changes()), so a
 * test can say "nothing was written" without listing every table.
 */
export function changesSince(db: Ledger, before = 0): number {
  return (db.prepare('SELECT total_changes()').pluck().get() as number) - before
}
