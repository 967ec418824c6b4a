import type { Ledger } from '../ledger/open-ledger.ts'
import { readLimits } from '../ledger/release-limits-repo.ts'
import { sealFactsOf, sealFactsOne, writeReleaseSeals } from '../ledger/release-seals-repo.ts'
import { knownLimited, knownSealKey, payoutSealMatches, payoutSealOf } from '../secrets/limits-seal.ts'
import { limitsOf } from './release-limits.ts'

/**
 * The held flag under the owner's seal. A payout of a profile with release limits is sent only when it
 * carries the app's mark that it was let go (written within the limits, or released with the
 * passphrase) over exactly what it pays. Any process of the same user can write the ledger file, so a
 * held payout flipped to 'queued' there, or a queued one whose amount or account was edited, is not
 * sent: it goes back to wait for the owner's release.
 */

const limited = (db: Ledger, profileId: string) =>
  knownLimited(profileId) || readLimits(db, profileId) !== null

/** Marks these payouts, just written unheld or released, as let go by the app (inside its transaction). */
export function sealLetGo(db: Ledger, ids: readonly string[]): void {
  const key = knownSealKey()
  if (!key || ids.length === 0) return
  const facts = sealFactsOf(db, ids).filter((f) => limited(db, f.profile_id))
  writeReleaseSeals(
    db,
    facts.map((f) => [f.id, payoutSealOf(key, f)] as const),
  )
}

/**
 * Whether this payout may be sent now (asked inside the claim's transaction): always for a profile
 * without limits; otherwise only with sound limits and a seal that matches what it pays.
 */
export function mayLeave(db: Ledger, id: string): boolean {
  const facts = sealFactsOne(db, id)
  if (!facts || !limited(db, facts.profile_id)) return true
  const key = knownSealKey()
  return (
    key !== null && limitsOf(db, facts.profile_id).sound && payoutSealMatches(key, facts, facts.release_seal)
  )
}
