import { createHash } from 'node:crypto'
import type { AwaitingRelease } from '../../shared/ipc/recipients-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { DEFAULT_TIME_ZONE, startOfDayIn } from './profile-day.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import {
  amountSince,
  batchHasHeld,
  heldRows,
  profileOfBatch,
  readLimits,
  type HeldRow,
  type LimitsRow,
} from '../ledger/release-limits-repo.ts'
import { knownLimited, knownSealKey, sealMatches } from '../secrets/limits-seal.ts'

/**
 * The owner's say over large payouts: per profile, a limit per payout and per calendar day (in the
 * profile's time zone), and a release passphrase. A payout or batch above a limit is written as a draft
 * ("awaiting release") and nothing sends a draft; releasing needs the passphrase. Limits whose seal does
 * not match (changed outside the app) hold everything of the profile until the owner sets them again.
 */

/** Why payouts wait; 'unsealed' is given at the claim, never when written (see release-seals.ts). */
export type HeldFor = 'per_payout' | 'per_day' | 'tampered' | 'unsealed'

export const timeZoneOf = (db: Ledger, profileId: string, row: LimitsRow | null): string =>
  row?.time_zone ?? DEFAULT_TIME_ZONE[getProfile(db, profileId)?.provider ?? 'vexora']

/** The limits as the ledger stores them, and whether their seal matches under the keychain's key. */
export function limitsOf(db: Ledger, profileId: string) {
  const row = readLimits(db, profileId)
  const timeZone = timeZoneOf(db, profileId, row)
  const key = knownSealKey()
  // No row is sound only when the keychain does not say the profile had limits: a deleted row is not.
  const sound =
    (row === null && !knownLimited(profileId)) ||
    (row !== null &&
      key !== null &&
      sealMatches(
        key,
        {
          profileId,
          perPayout: row.per_payout,
          perDay: row.per_day,
          hash: row.passphrase_hash,
          timeZone,
        },
        row.mac,
      ))
  return { row, timeZone, sound }
}

/**
 * Whether payouts of these amounts, written now, must wait for the owner's release (and why). `replacing`:
 * the payouts a Retry being written pays again, which the gateway said did not pay.
 */
export function holdFor(
  db: Ledger,
  profileId: string,
  amounts: readonly number[],
  now: number,
  replacing: readonly string[] = [],
): HeldFor | null {
  const { row: limits, timeZone, sound } = limitsOf(db, profileId)
  if (!sound) return 'tampered'
  if (!limits) return null
  if (limits.per_payout === null && limits.per_day === null) return null
  if (limits.per_payout !== null && amounts.some((a) => a > (limits.per_payout as number)))
    return 'per_payout'
  if (limits.per_day !== null) {
    const today = amountSince(db, profileId, startOfDayIn(timeZone, now), replacing)
    if (today + amounts.reduce((s, a) => s + a, 0) > limits.per_day) return 'per_day'
  }
  return null
}

/** True while a batch's payouts wait for release, or its profile's limits were changed outside the app. */
export const batchIsHeld = (db: Ledger, batchId: string): boolean => {
  if (batchHasHeld(db, batchId)) return true
  const profileId = profileOfBatch(db, batchId)
  return profileId !== null && !limitsOf(db, profileId).sound
}

/** A digest of exactly what a release lets go: the payouts, their references, amounts and fields. */
const digest = (rows: readonly HeldRow[]) =>
  createHash('sha256')
    .update(
      rows
        .map((r) => `${r.id}|${r.reference}|${r.amount_minor}|${r.currency}|${r.fields_json}`)
        .sort()
        .join('\n'),
    )
    .digest('hex')

const WHY_ORDER: readonly HeldFor[] = ['tampered', 'unsealed', 'per_payout', 'per_day']

/** What awaits release, one group per batch (single payouts of a profile together). */
export function listAwaitingRelease(db: Ledger): AwaitingRelease[] {
  const groups = new Map<string, HeldRow[]>()
  for (const row of heldRows(db)) {
    const key = `${row.profile_id}/${row.batch_id ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0] as HeldRow
    return {
      profileId: first.profile_id,
      profileName: first.profile_name,
      environment: first.environment,
      batchId: first.batch_id,
      fileName: first.file_name,
      payoutIds: rows.map((r) => r.id),
      count: rows.length,
      totalMinor: rows.reduce((s, r) => s + r.amount_minor, 0),
      currency: first.currency as CurrencyCode,
      why: WHY_ORDER.find((w) => rows.some((r) => r.held_for === w)) ?? 'per_day',
      reviewHash: digest(rows),
    }
  })
}

export type HeldGroup = { batchId: string } | { payoutIds: string[] }

/** The held payouts a group names now, and their digest. */
export function heldGroup(db: Ledger, profileId: string, held: HeldGroup) {
  const rows = heldRows(db, profileId).filter((r) =>
    'batchId' in held ? r.batch_id === held.batchId : held.payoutIds.includes(r.id),
  )
  if (rows.length === 0) throw new AppError('NOT_FOUND', { key: 'releaseNothingWaits' })
  if ('payoutIds' in held && rows.length !== held.payoutIds.length)
    throw new AppError('CONFLICT', { key: 'releaseSomeGone' })
  return {
    ids: rows.map((r) => r.id),
    rows,
    totalMinor: rows.reduce((s, r) => s + r.amount_minor, 0),
    hash: digest(rows),
  }
}
