import type { Ledger } from './open-ledger.ts'
import { mayPay } from './may-pay.ts'
import { prepared } from './statements.ts'

// Built once: the condition is the same text for every call (and so one cached statement).
const MAY_PAY = mayPay()

/** One profile's release limits as stored: amounts in minor units, the passphrase only as its hash. */
export interface LimitsRow {
  per_payout: number | null
  per_day: number | null
  passphrase_hash: string | null
  failed_attempts: number
  locked_until: number | null
  time_zone: string | null
  mac: string | null
}

export function readLimits(db: Ledger, profileId: string): LimitsRow | null {
  return (
    prepared<[string], LimitsRow>(
      db,
      `SELECT per_payout, per_day, passphrase_hash, failed_attempts, locked_until, time_zone, mac
         FROM release_limits WHERE profile_id = ?`,
    ).get(profileId) ?? null
  )
}

export function writeLimits(
  db: Ledger,
  row: {
    profileId: string
    perPayout: number | null
    perDay: number | null
    hash: string | null
    timeZone: string
    mac: string
    now: number
  },
): void {
  prepared(
    db,
    `INSERT INTO release_limits (profile_id, per_payout, per_day, passphrase_hash, time_zone, mac, updated_at)
     VALUES (@profileId, @perPayout, @perDay, @hash, @timeZone, @mac, @now)
     ON CONFLICT (profile_id) DO UPDATE SET per_payout = @perPayout, per_day = @perDay,
       passphrase_hash = @hash, time_zone = @timeZone, mac = @mac, updated_at = @now`,
  ).run(row)
}

/** A new passphrase hash (a rehash at today's cost) and its MAC, in one statement. */
export function writePassphraseHash(db: Ledger, profileId: string, hash: string, mac: string): void {
  prepared(db, 'UPDATE release_limits SET passphrase_hash = ?, mac = ? WHERE profile_id = ?').run(
    hash,
    mac,
    profileId,
  )
}

export type Attempt =
  { go: true } | { go: false; why: 'checking' } | { go: false; why: 'locked'; lockedUntil: number }

/**
 * Counts one passphrase attempt in one IMMEDIATE transaction, before any hash is computed, and marks the
 * profile as being checked until `now + checkingMs`, so that no other attempt, in this process or
 * another, is checked meanwhile. While a check runs or the wait after a wrong one lasts, the attempt is
 * counted all the same and refused, unchecked.
 */
export function countAttempt(db: Ledger, profileId: string, now: number, checkingMs: number): Attempt {
  return db
    .transaction((): Attempt => {
      const row = prepared<
        [string],
        { failed_attempts: number; locked_until: number | null; checking_until: number | null }
      >(
        db,
        'SELECT failed_attempts, locked_until, checking_until FROM release_limits WHERE profile_id = ?',
      ).get(profileId)
      const checking = row?.checking_until != null && row.checking_until > now
      const locked = row?.locked_until != null && row.locked_until > now
      prepared(
        db,
        `UPDATE release_limits SET failed_attempts = failed_attempts + 1,
           checking_until = CASE WHEN ? THEN checking_until ELSE ? END WHERE profile_id = ?`,
      ).run(checking || locked ? 1 : 0, now + checkingMs, profileId)
      if (checking) return { go: false, why: 'checking' }
      if (locked) return { go: false, why: 'locked', lockedUntil: row.locked_until as number }
      return { go: true }
    })
    .immediate()
}

/** After a wrong passphrase: the wait, from the count as it stands now (tries refused meanwhile too). */
export function settleLock(db: Ledger, profileId: string, untilFor: (failures: number) => number): void {
  db.transaction(() => {
    const failures = prepared(db, 'SELECT failed_attempts FROM release_limits WHERE profile_id = ?')
      .pluck()
      .get(profileId) as number | undefined
    prepared(
      db,
      'UPDATE release_limits SET locked_until = ?, checking_until = NULL WHERE profile_id = ?',
    ).run(untilFor(failures ?? 1), profileId)
  }).immediate()
}

export function clearAttempts(db: Ledger, profileId: string): void {
  prepared(
    db,
    'UPDATE release_limits SET failed_attempts = 0, locked_until = NULL, checking_until = NULL WHERE profile_id = ?',
  ).run(profileId)
}

/**
 * What a profile's payouts ask of its account from `since` (the start of the day) on: those written since
 * that may pay (may-pay.ts) and are not held; those written before it that still wait to be sent, because
 * they leave today if they leave now; and those written before it that were sent since. Three index
 * ranges, not a scan of the profile's history. `replacing`: payouts a Retry being written replaces (the
 * gateway said they did not pay), so they are not counted beside it.
 */
export const amountSince = (
  db: Ledger,
  profileId: string,
  since: number,
  replacing: readonly string[] = [],
): number =>
  prepared(
    db,
    `SELECT
       (SELECT COALESCE(SUM(amount_minor), 0) FROM payouts WHERE profile_id = ? AND created_at >= ?
          AND ${MAY_PAY} AND status <> 'draft' AND id NOT IN (SELECT value FROM json_each(?)))
     + (SELECT COALESCE(SUM(amount_minor), 0) FROM payouts INDEXED BY payouts_by_status
          WHERE status = 'queued' AND created_at < ? AND profile_id = ?)
     + (SELECT COALESCE(SUM(amount_minor), 0) FROM payouts INDEXED BY payouts_by_attempt
          WHERE profile_id = ? AND last_attempt_at >= ?
          AND created_at < ? AND status NOT IN ('queued', 'draft') AND ${MAY_PAY}
          AND id NOT IN (SELECT value FROM json_each(?)))`,
  )
    .pluck()
    .get(
      profileId,
      since,
      JSON.stringify(replacing),
      since,
      profileId,
      profileId,
      since,
      since,
      JSON.stringify(replacing),
    ) as number

export const batchHasHeld = (db: Ledger, batchId: string): boolean =>
  prepared(
    db,
    "SELECT 1 FROM payouts WHERE batch_id = ? AND held_for IS NOT NULL AND status = 'draft' LIMIT 1",
  ).get(batchId) !== undefined

export const profileOfBatch = (db: Ledger, batchId: string): string | null =>
  (prepared(db, 'SELECT profile_id FROM batches WHERE id = ?').pluck().get(batchId) as string | undefined) ??
  null

export interface HeldRow {
  id: string
  profile_id: string
  profile_name: string
  environment: 'sandbox' | 'production'
  batch_id: string | null
  file_name: string | null
  reference: string
  amount_minor: number
  currency: string
  fields_json: string
  /** The account change the person accepted when it was written, if any (PayoutAccountChange). */
  account_change_json: string | null
  held_for: string
}

export function heldRows(db: Ledger, profileId?: string): HeldRow[] {
  return prepared<[string | null, string | null], HeldRow>(
    db,
    `SELECT p.id, p.profile_id, pr.name AS profile_name, pr.environment, p.batch_id, b.file_name, p.reference,
            p.amount_minor, p.currency, p.fields_json, p.account_change_json, p.held_for
       FROM payouts p JOIN profiles pr ON pr.id = p.profile_id LEFT JOIN batches b ON b.id = p.batch_id
      WHERE p.held_for IS NOT NULL AND p.status = 'draft' AND (? IS NULL OR p.profile_id = ?)
        AND b.state IS NOT 'importing' -- half-written: released by nobody until the import has finished
      ORDER BY p.created_at, p.id`,
  ).all(profileId ?? null, profileId ?? null)
}

export function clearHolds(db: Ledger, ids: readonly string[]): void {
  prepared(db, 'UPDATE payouts SET held_for = NULL WHERE id IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(ids),
  )
}
