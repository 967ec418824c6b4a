import type { ProfileEnvironment, ProviderId } from '../../shared/domain/providers.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from './open-ledger.ts'
import type { ProfileRecord } from './profiles-repo.ts'
import { prepared } from './statements.ts'

/**
 * The gateway account a payout is written for. Frozen on the payout with its reference: a status check or
 * a re-send of that payout goes to this account, whatever its profile says later.
 */
export interface GatewayAccount {
  provider: ProviderId
  area: string
  environment: ProfileEnvironment
  baseUrl: string
  merchantId: string
}

export const accountOf = (profile: ProfileRecord): GatewayAccount => ({
  provider: profile.provider,
  area: profile.area,
  environment: profile.environment,
  baseUrl: profile.baseUrl,
  merchantId: profile.merchantId,
})

/**
 * A gateway address as a new profile keeps it: the host lower-cased, a default port and trailing slashes
 * left out. Accounts are compared by the address as written (here, in SQL and on the payouts frozen with
 * it), so "https://GW.example/id/" and "https://gw.example/id" would be two accounts of one merchant, each
 * blind to the other's repeats and payees (review 65 F6).
 */
export function canonicalBaseUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  // An address with a login in it is kept as written: origin would drop the login.
  if (parsed.username || parsed.password) return url
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`
}

/**
 * The spelling a profile saved with `url` keeps: the one a profile already has for the same address
 * (itself first, then any other), so a ledger whose profiles were saved before in another spelling does
 * not split one merchant into two accounts (review 69); else the canonical one.
 */
export function spellingFor(url: string, saved: readonly string[]): string {
  const canonical = canonicalBaseUrl(url)
  return saved.find((s) => canonicalBaseUrl(s) === canonical) ?? canonical
}

/** What names one merchant account: as frozen on a team payout, and as accountKey reads it. */
export type AccountNamed = Pick<GatewayAccount, 'provider' | 'baseUrl' | 'merchantId'>

/** One gateway account, whichever profile names it (migration 5 computes the same text in SQL). */
export const accountKey = (a: AccountNamed): string => `${a.provider} ${a.baseUrl} ${a.merchantId}`

export function sameAccount(a: GatewayAccount, b: GatewayAccount): boolean {
  return (
    a.provider === b.provider &&
    a.area === b.area &&
    a.environment === b.environment &&
    a.baseUrl === b.baseUrl &&
    a.merchantId === b.merchantId
  )
}

/** Payouts of a profile the ledger may still contact the gateway about. */
export function openPayoutCount(db: Ledger, profileId: string): number {
  return prepared(
    db,
    `SELECT count(*) FROM payouts WHERE profile_id = ?
       AND (status IN ('draft', 'queued', 'submitting', 'processing', 'unknown', 'needs_review')
            OR attention IS NOT NULL)`,
  )
    .pluck()
    .get(profileId) as number
}

/**
 * A profile's gateway account (URL, merchant or app id, environment, area, gateway) may change only while
 * none of its payouts is open: an open payout must be asked about, and re-sent, where it was sent.
 */
export function assertAccountEditable(db: Ledger, before: ProfileRecord, after: ProfileRecord): void {
  if (sameAccount(accountOf(before), accountOf(after))) return
  const open = openPayoutCount(db, before.id)
  if (open === 0) return
  throw new AppError('INVALID_INPUT', {
    key: 'gatewayAccountLocked',
    params: { name: before.name, count: open },
  })
}
