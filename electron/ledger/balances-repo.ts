import type { BalanceView } from '../../shared/ipc/profiles-contract.ts'
import { minorToDecimalString, type CurrencyCode } from '../../shared/money.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

interface Row {
  m: number | null
  c: CurrencyCode | null
  at: number | null
  decimal: string | null
  raw: string | null
}

export function cachedBalance(db: Ledger, profileId: string): BalanceView | null {
  const row = prepared<[string], Row>(
    db,
    `SELECT balance_minor AS m, balance_currency AS c, balance_at AS at, balance_decimal AS decimal,
            balance_gateway_value AS raw
       FROM profiles WHERE id = ?`,
  ).get(profileId)
  if (!row || row.m === null || row.c === null || row.at === null) return null
  return {
    availableMinor: row.m,
    // A balance cached before the exact figure was kept has only its minor units.
    availableDecimal: row.decimal ?? minorToDecimalString(row.m, row.c),
    gatewayValue: row.raw,
    currency: row.c,
    fetchedAt: row.at,
  }
}

/** The balance a gateway gave, kept with its time so a desk offline still shows the last one. */
export function cacheBalance(db: Ledger, profileId: string, balance: BalanceView): void {
  prepared(
    db,
    `UPDATE profiles SET balance_minor = ?, balance_currency = ?, balance_at = ?, balance_decimal = ?,
            balance_gateway_value = ?
      WHERE id = ?`,
  ).run(
    balance.availableMinor,
    balance.currency,
    balance.fetchedAt,
    balance.availableDecimal,
    balance.gatewayValue,
    profileId,
  )
}
