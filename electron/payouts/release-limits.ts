import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { AwaitingRelease } from '../../shared/ipc/recipients-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { prepared } from '../ledger/statements.ts'

/**
 * The owner's say over large payouts: per profile, a limit per payout and per day, and a release
 * passphrase kept only as a slow salted hash (scrypt). A payout or batch above a limit is written as a
 * draft ("awaiting release") and nothing sends a draft; releasing needs the passphrase.
 */

export type HeldFor = 'per_payout' | 'per_day'

interface LimitsRow {
  per_payout: number | null
  per_day: number | null
  passphrase_hash: string | null
  failed_attempts: number
  locked_until: number | null
}

export function readLimits(db: Ledger, profileId: string): LimitsRow | null {
  return (
    prepared<[string], LimitsRow>(
      db,
      'SELECT per_payout, per_day, passphrase_hash, failed_attempts, locked_until FROM release_limits WHERE profile_id = ?',
    ).get(profileId) ?? null
  )
}

function startOfLocalDay(now: number): number {
  const d = new Date(now)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** Whether payouts of these amounts, written now, must wait for the owner's release (and why). */
export function holdFor(
  db: Ledger,
  profileId: string,
  amounts: readonly number[],
  now: number,
): HeldFor | null {
  const limits = readLimits(db, profileId)
  if (!limits || (limits.per_payout === null && limits.per_day === null)) return null
  if (limits.per_payout !== null && amounts.some((a) => a > (limits.per_payout as number)))
    return 'per_payout'
  if (limits.per_day !== null) {
    // What today already asks of the account: sent or on its way, not what was refused or is held.
    const today = prepared(
      db,
      `SELECT COALESCE(SUM(amount_minor), 0) FROM payouts WHERE profile_id = ? AND created_at >= ?
         AND status NOT IN ('rejected', 'cancelled', 'failed', 'draft')`,
    )
      .pluck()
      .get(profileId, startOfLocalDay(now)) as number
    if (today + amounts.reduce((s, a) => s + a, 0) > limits.per_day) return 'per_day'
  }
  return null
}

/** True while a batch's payouts wait for release (nothing of it may be sent). */
export const batchIsHeld = (db: Ledger, batchId: string): boolean =>
  prepared(
    db,
    "SELECT 1 FROM payouts WHERE batch_id = ? AND held_for IS NOT NULL AND status = 'draft' LIMIT 1",
  ).get(batchId) !== undefined

// ——— The passphrase ———

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const

function derive(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

export async function hashPassphrase(passphrase: string): Promise<string> {
  const salt = randomBytes(16)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${(await derive(passphrase, salt)).toString('base64')}`
}

async function matches(passphrase: string, stored: string): Promise<boolean> {
  const [, , , , salt, hash] = stored.split('$')
  if (!salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await derive(passphrase, Buffer.from(salt, 'base64'))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Each wrong passphrase doubles the wait before the next try (1 s, 2 s, 4 s … at most 5 minutes). */
const lockAfter = (failures: number) => Math.min(1_000 * 2 ** Math.max(0, failures - 1), 300_000)

/**
 * Checks the owner's passphrase for a profile; throws a plain AppError when it is wrong, not set, or
 * while wrong attempts make it wait. Attempts are counted in the ledger, so a restart does not reset them.
 */
export async function verifyPassphrase(db: Ledger, profileId: string, passphrase: string, now = Date.now()) {
  const limits = readLimits(db, profileId)
  if (!limits?.passphrase_hash)
    throw new AppError(
      'INVALID_INPUT',
      'No release passphrase is set for this profile. Set one in Settings → Profiles.',
    )
  if (limits.locked_until !== null && limits.locked_until > now) {
    const seconds = Math.ceil((limits.locked_until - now) / 1000)
    throw new AppError(
      'INVALID_INPUT',
      `Too many wrong passphrases. Wait ${seconds} seconds, then try again.`,
    )
  }
  if (await matches(passphrase, limits.passphrase_hash)) {
    prepared(
      db,
      'UPDATE release_limits SET failed_attempts = 0, locked_until = NULL WHERE profile_id = ?',
    ).run(profileId)
    return
  }
  const failures = limits.failed_attempts + 1
  prepared(db, 'UPDATE release_limits SET failed_attempts = ?, locked_until = ? WHERE profile_id = ?').run(
    failures,
    now + lockAfter(failures),
    profileId,
  )
  throw new AppError('INVALID_INPUT', 'That is not the release passphrase. Nothing was released.')
}

/** Sets the limits (null removes one) and, optionally, a new passphrase; the current one is needed once set. */
export async function setLimits(
  db: Ledger,
  profileId: string,
  change: { perPayout: number | null; perDay: number | null; current?: string; next?: string },
  now = Date.now(),
): Promise<void> {
  const limits = readLimits(db, profileId)
  if (limits?.passphrase_hash) {
    if (!change.current)
      throw new AppError(
        'INVALID_INPUT',
        'Enter the current release passphrase to change limits or the passphrase.',
      )
    await verifyPassphrase(db, profileId, change.current, now)
  } else if (!change.next && (change.perPayout !== null || change.perDay !== null)) {
    throw new AppError(
      'INVALID_INPUT',
      'Set a release passphrase with the limits: it is what releases a held payout.',
    )
  }
  const hash = change.next ? await hashPassphrase(change.next) : (limits?.passphrase_hash ?? null)
  prepared(
    db,
    `INSERT INTO release_limits (profile_id, per_payout, per_day, passphrase_hash, updated_at)
     VALUES (@profileId, @perPayout, @perDay, @hash, @now)
     ON CONFLICT (profile_id) DO UPDATE SET per_payout = @perPayout, per_day = @perDay,
       passphrase_hash = @hash, updated_at = @now`,
  ).run({ profileId, perPayout: change.perPayout, perDay: change.perDay, hash, now })
}

// ——— What waits ———

interface HeldRow {
  id: string
  profile_id: string
  profile_name: string
  environment: 'sandbox' | 'production'
  batch_id: string | null
  file_name: string | null
  reference: string
  amount_minor: number
  currency: CurrencyCode
  fields_json: string
  held_for: HeldFor
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

function heldRows(db: Ledger, profileId?: string): HeldRow[] {
  return prepared<[string | null, string | null], HeldRow>(
    db,
    `SELECT p.id, p.profile_id, pr.name AS profile_name, pr.environment, p.batch_id, b.file_name, p.reference,
            p.amount_minor, p.currency, p.fields_json, p.held_for
       FROM payouts p JOIN profiles pr ON pr.id = p.profile_id LEFT JOIN batches b ON b.id = p.batch_id
      WHERE p.held_for IS NOT NULL AND p.status = 'draft' AND (? IS NULL OR p.profile_id = ?)
      ORDER BY p.created_at, p.id`,
  ).all(profileId ?? null, profileId ?? null)
}

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
      currency: first.currency,
      why: rows.some((r) => r.held_for === 'per_payout') ? 'per_payout' : 'per_day',
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
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'Nothing of that waits for release any more.')
  if ('payoutIds' in held && rows.length !== held.payoutIds.length)
    throw new AppError(
      'CONFLICT',
      'Some of these payouts no longer wait for release. Look at the list again.',
    )
  return {
    ids: rows.map((r) => r.id),
    totalMinor: rows.reduce((s, r) => s + r.amount_minor, 0),
    hash: digest(rows),
  }
}
