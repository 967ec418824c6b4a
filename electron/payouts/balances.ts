import type { BalanceResult, BalanceView } from '../../shared/ipc/profiles-contract.ts'
import { cacheBalance, cachedBalance } from '../ledger/balances-repo.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { AppError } from '../errors.ts'
import type { ClientResolver } from './client-resolver.ts'

export type { BalanceView }
export { cachedBalance }

/** Asks the gateway, caches the answer with its time, and returns it; a failed ask keeps the old figure. */
export async function refreshBalance(
  db: Ledger,
  resolveClient: ClientResolver,
  profileId: string,
  now = Date.now,
): Promise<BalanceResult> {
  const profile = getProfile(db, profileId)
  if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGone' })
  const outcome = await (await resolveClient(profile)).balance()
  if (outcome.kind !== 'ok') return { balance: cachedBalance(db, profileId), problem: outcome.note }
  const at = now()
  const { availableMinor, availableDecimal, gatewayValue, currency } = outcome
  const balance = { availableMinor, availableDecimal, gatewayValue, currency, fetchedAt: at }
  cacheBalance(db, profileId, balance)
  return { balance, problem: null }
}
