import { RETRYABLE_STATUSES } from '../../shared/domain/payout-status.ts'
import { batchHeadline } from './batches-repo.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

/** A batch's payouts Retry would pay again: known not to have paid, not waiting for a decision, not retried. */
export function retryCandidates(db: Ledger, batchId: string) {
  return prepared<[string, string], { id: string; amount_minor: number; fields_json: string }>(
    db,
    `SELECT id, amount_minor, fields_json FROM payouts p
       WHERE batch_id = ? AND status IN (SELECT value FROM json_each(?)) AND attention IS NULL
         AND NOT EXISTS (SELECT 1 FROM payouts r WHERE r.retry_of = p.id)
       ORDER BY created_at, id`,
  ).all(batchId, JSON.stringify(RETRYABLE_STATUSES))
}

/** What a batch's Retry would ask about, to show before it acts: the batch, and its candidates' count and sum. */
export function retryPreview(db: Ledger, batchId: string) {
  const batch = batchHeadline(db, batchId)
  if (!batch) return null
  const candidates = retryCandidates(db, batchId)
  return {
    ...batch,
    count: candidates.length,
    totalMinor: candidates.reduce((sum, c) => sum + c.amount_minor, 0),
  }
}

/** Where a batch came from: its profile and file name. */
export function batchOrigin(db: Ledger, batchId: string) {
  return prepared<[string], { profile_id: string; file_name: string | null }>(
    db,
    'SELECT profile_id, file_name FROM batches WHERE id = ?',
  ).get(batchId)
}

/** The gateway account a batch was sent to (any of its payouts'), as stored; none before migration 5. */
export const sentAccountOfBatch = (db: Ledger, batchId: string): string | undefined =>
  prepared(db, 'SELECT account_json FROM payouts WHERE batch_id = ? AND account_json IS NOT NULL LIMIT 1')
    .pluck()
    .get(batchId) as string | undefined

/** What Retry needs to know of one payout to judge whether it may pay it again. */
export function retryView(db: Ledger, id: string) {
  return prepared<
    [string],
    {
      profile_id: string
      amount_minor: number
      fields_json: string
      status: string
      attention: string | null
      account_json: string | null
    }
  >(
    db,
    'SELECT profile_id, amount_minor, fields_json, status, attention, account_json FROM payouts WHERE id = ?',
  ).get(id)
}

/** The reference of the payout that paid this one again, if any. */
export const retriedAs = (db: Ledger, id: string): string | undefined =>
  prepared(db, 'SELECT reference FROM payouts WHERE retry_of = ?').pluck().get(id) as string | undefined

/** The payouts a Retry pays again, nearest first: its original, that one's original, and so on. */
export function earlierInChain(db: Ledger, id: string): string[] {
  return prepared<[string], string>(
    db,
    `WITH RECURSIVE chain (id, depth) AS (
       SELECT retry_of, 1 FROM payouts WHERE id = ? AND retry_of IS NOT NULL
       UNION
       SELECT o.retry_of, c.depth + 1 FROM chain c JOIN payouts o ON o.id = c.id WHERE o.retry_of IS NOT NULL)
     SELECT id FROM chain ORDER BY depth`,
  )
    .pluck()
    .all(id)
}

/**
 * Of these payouts, the references of Retries of which a payout paid again, their original or any Retry
 * between (a Retry of a Retry, review 77), may have paid since they were written: it is no longer known
 * not to have paid (its status), or waits for a person (the gateway contradicted itself).
 */
export function retriesOfPaidSince(db: Ledger, ids: readonly string[]): string[] {
  return prepared<[string, string], string>(
    db,
    `WITH RECURSIVE chain (start, id) AS (
       SELECT r.id, r.retry_of FROM payouts r
        WHERE r.id IN (SELECT value FROM json_each(?)) AND r.retry_of IS NOT NULL
       UNION
       SELECT c.start, o.retry_of FROM chain c JOIN payouts o ON o.id = c.id WHERE o.retry_of IS NOT NULL)
     SELECT r.reference FROM payouts r
      WHERE r.id IN (SELECT c.start FROM chain c JOIN payouts o ON o.id = c.id
                      WHERE o.status NOT IN (SELECT value FROM json_each(?)) OR o.attention IS NOT NULL)
      ORDER BY r.created_at, r.id`,
  )
    .pluck()
    .all(JSON.stringify(ids), JSON.stringify(RETRYABLE_STATUSES))
}
