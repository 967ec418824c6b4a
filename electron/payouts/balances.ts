import type { CurrencyCode } from '../../shared/money.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { AppError } from '../errors.ts'
import type { ClientResolver } from './client-resolver.ts'
import { prepared } from '../ledger/statements.ts'

export interface BalanceView {
  availableMinor: number
  currency: CurrencyCode
  /** When the gateway said so; shown beside the figure, because a balance is only true at a moment. */
  fetchedAt: number
}

export function cachedBalance(db: Ledger, profileId: string): BalanceView | null {
  const row = prepared<[string], { m: number | null; c: CurrencyCode | null; at: number | null }>(
    db,
    'SELECT balance_minor AS m, balance_currency AS c, balance_at AS at FROM profiles WHERE id = ?',
  ).get(profileId)
  return row && row.m !== null && row.c !== null && row.at !== null
    ? { availableMinor: row.m, currency: row.c, fetchedAt: row.at }
    : null
}

/** Asks the gateway, caches the answer with its time, and returns it; a failed ask keeps the old figure. */
export async function refreshBalance(
  db: Ledger,
  resolveClient: ClientResolver,
  profileId: string,
  now = Date.now,
): Promise<{ balance: BalanceView | null; problem: string | null }> {
  const profile = getProfile(db, profileId)
  if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists.')
  const outcome = await (await resolveClient(profile)).balance()
  if (outcome.kind !== 'ok') return { balance: cachedBalance(db, profileId), problem: outcome.message }
  const at = now()
  prepared(
    db,
    'UPDATE profiles SET balance_minor = ?, balance_currency = ?, balance_at = ? WHERE id = ?',
  ).run(outcome.availableMinor, outcome.currency, at, profileId)
  return {
    balance: { availableMinor: outcome.availableMinor, currency: outcome.currency, fetchedAt: at },
    problem: null,
  }
}
