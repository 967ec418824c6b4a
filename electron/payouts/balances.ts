import { minorToDecimalString, type CurrencyCode } from '../../shared/money.ts'
import type { BalanceView } from '../../shared/ipc/profiles-contract.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { AppError } from '../errors.ts'
import type { ClientResolver } from './client-resolver.ts'
import { prepared } from '../ledger/statements.ts'

export type { BalanceView }

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

/** Asks the gateway, caches the answer with its time, and returns it; a failed ask keeps the old figure. */
export async function refreshBalance(
  db: Ledger,
  resolveClient: ClientResolver,
  profileId: string,
  now = Date.now,
): Promise<{ balance: BalanceView | null; problem: string | null }> {
  const profile = getProfile(db, profileId)
  if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGone' })
  const outcome = await (await resolveClient(profile)).balance()
  if (outcome.kind !== 'ok') return { balance: cachedBalance(db, profileId), problem: outcome.message }
  const at = now()
  prepared(
    db,
    `UPDATE profiles SET balance_minor = ?, balance_currency = ?, balance_at = ?, balance_decimal = ?,
            balance_gateway_value = ?
      WHERE id = ?`,
  ).run(
    outcome.availableMinor,
    outcome.currency,
    at,
    outcome.availableDecimal,
    outcome.gatewayValue,
    profileId,
  )
  const { availableMinor, availableDecimal, gatewayValue, currency } = outcome
  return {
    balance: { availableMinor, availableDecimal, gatewayValue, currency, fetchedAt: at },
    problem: null,
  }
}
