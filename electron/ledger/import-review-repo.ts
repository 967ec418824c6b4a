import type { Ledger } from './open-ledger.ts'
import { mayPay } from './may-pay.ts'
import { SAME_ACCOUNT_PROFILES } from './same-account.ts'
import { prepared } from './statements.ts'

// Built once: the condition is the same text for every call (and so one cached statement).
const MAY_PAY = mayPay()
const MAY_PAY_P = mayPay('p')

/*
 * What a file's review reads of the ledger, and what its commit asks again to see whether the ledger
 * moved under the review. The marks are ones no delete can lower: an abandoned import removes its rows,
 * and SQLite then hands their rowids out again, below any rowid mark.
 */

/**
 * How far the ledger had got: the audit log's sequence (AUTOINCREMENT, never handed out twice, whatever
 * is removed), and how many published imports of this very file there are (a published batch is never
 * removed, so that count only grows).
 */
export interface ReviewMark {
  events: number
  sameFile: number
  /** The start of the review's window of repeats (30 days before it): what it warned about reached back to here. */
  since: number
}

export const eventMark = (db: Ledger): number =>
  prepared(db, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'payout_events'), 0)")
    .pluck()
    .get() as number

const publishedImports = (db: Ledger, profileId: string, sha256: string): number =>
  prepared(
    db,
    `SELECT count(*) FROM batches WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) AND file_sha256 = ?
       AND state IS NOT 'importing'`,
  )
    .pluck()
    .get(profileId, sha256) as number

export const reviewMark = (db: Ledger, profileId: string, sha256: string, since: number): ReviewMark =>
  db.transaction(() => ({
    events: eventMark(db),
    sameFile: publishedImports(db, profileId, sha256),
    since,
  }))()

/** The first import of a file with exactly these contents from this merchant account, if any. */
export const firstImportOf = (db: Ledger, profileId: string, sha256: string) =>
  prepared<[string, string], { id: string; created_at: number }>(
    db,
    `SELECT id, created_at FROM batches WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) AND file_sha256 = ?
       ORDER BY created_at LIMIT 1`,
  ).get(profileId, sha256)

/**
 * The newest payout that may still pay, per account and amount, since `since`, from this profile's gateway
 * account through any profile naming it: one read for a file.
 */
export function recentLivePayouts(db: Ledger, profileId: string, since: number): Map<string, number> {
  const recent = new Map<string, number>()
  for (const r of prepared<[string, number], { account_no: string; amount_minor: number; at: number }>(
    db,
    `SELECT account_no, amount_minor, MAX(created_at) AS at FROM payouts
       WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) AND created_at >= ? AND ${MAY_PAY}
       GROUP BY account_no, amount_minor`,
  ).iterate(profileId, since))
    recent.set(accountAmountKey(r.account_no, r.amount_minor), r.at)
  return recent
}

export const accountAmountKey = (account: string, amountMinor: number | null) =>
  `${account}\u0000${amountMinor}`
/** The account and amount an accountAmountKey was made of (an amount that was none reads as NaN). */
export const accountAmountOfKey = (key: string): { account: string; amountMinor: number } => {
  const at = key.lastIndexOf('\u0000')
  return { account: key.slice(0, at), amountMinor: Number(key.slice(at + 1)) }
}

/**
 * True when the reference is taken at the profile's gateway account (through any profile naming it): the
 * gateway, and the ledger, take each reference once per merchant account.
 */
export const referenceInUse = (db: Ledger, profileId: string, reference: string): boolean =>
  prepared(db, `SELECT 1 FROM payouts WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) AND reference = ?`).get(
    profileId,
    reference,
  ) !== undefined

/** True when this file was published as an import since the mark. */
export const sameFileImportedSince = (db: Ledger, profileId: string, sha256: string, mark: ReviewMark) =>
  publishedImports(db, profileId, sha256) > mark.sameFile

// Both reads below walk the audit log from the mark (a rowid range) and look each payout up: CROSS JOIN
// keeps SQLite from starting at the profile's payouts instead, which a chunked import calls once per
// chunk and which read every row the import had written so far (100,000 rows: 37 s instead of 0.5).

/**
 * Payouts from the profile's gateway account that may still pay and that a review marked at the audit-log
 * mark `events` did not warn about: written since the mark (`written`), or written since `since` (the
 * review's window) and unable to pay at the mark (failed, refused, cancelled) but able to now, such as a
 * failed payout the gateway says meanwhile that it has after all. The status at the mark is the one the
 * first status change after it left, or the status now when none did.
 */
export const livePayoutsSince = (db: Ledger, profileId: string, events: number, since: number) =>
  prepared<[number, string, number, number], { account_no: string; amount_minor: number; written: number }>(
    db,
    `/* import.livePayoutsSince */
     SELECT p.account_no, p.amount_minor, e.kind = 'created' AS written
       FROM payout_events e CROSS JOIN payouts p ON p.id = e.payout_id
       WHERE e.seq > ? AND p.profile_id IN (${SAME_ACCOUNT_PROFILES}) AND ${MAY_PAY_P}
         AND (e.kind = 'created' OR (p.created_at >= ? AND coalesce(
           (SELECT f.from_status FROM payout_events f WHERE f.payout_id = p.id AND f.seq > ?
              AND f.from_status IS NOT NULL ORDER BY f.seq LIMIT 1),
           p.status) IN ('rejected', 'cancelled', 'failed')))`,
  ).iterate(events, profileId, since, events)

/**
 * True when a payout from this profile's gateway account (through any profile naming it) was written
 * since the audit-log mark (reads only what follows it).
 */
export const profileWroteSince = (db: Ledger, profileId: string, events: number): boolean =>
  prepared(
    db,
    `/* import.profileWroteSince */
     SELECT 1 FROM payout_events e CROSS JOIN payouts p ON p.id = e.payout_id
       WHERE e.seq > ? AND e.kind = 'created' AND p.profile_id IN (${SAME_ACCOUNT_PROFILES}) LIMIT 1`,
  ).get(events, profileId) !== undefined
