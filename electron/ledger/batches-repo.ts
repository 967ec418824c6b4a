import { randomUUID } from 'node:crypto'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

/**
 * A batch's state in the ledger. `paused`: a person stopped it (the window's Pause, Ctrl-C at the
 * command line); only that person's explicit Resume (`payout-desk resume BATCH`) starts it again.
 * `interrupted`: it ended with payouts still queued that nobody chose to stop (a crash, a gateway that
 * could not be reached), which `resume --all` finishes.
 */
export type BatchState = 'importing' | 'draft' | 'sending' | 'paused' | 'interrupted' | 'cancelled' | 'done'

export function createBatch(
  db: Ledger,
  profileId: string,
  fileName: string | null,
  fileSha256: string | null,
  now = Date.now(),
): string {
  const id = randomUUID()
  prepared(
    db,
    `INSERT INTO batches (id, profile_id, file_name, file_sha256, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
  ).run(id, profileId, fileName, fileSha256, now, now)
  return id
}

export function setBatchState(db: Ledger, batchId: string, state: BatchState): void {
  prepared(db, 'UPDATE batches SET state = ?, updated_at = ? WHERE id = ?').run(state, Date.now(), batchId)
}

export function batchState(db: Ledger, batchId: string): BatchState | null {
  return (
    (prepared(db, 'SELECT state FROM batches WHERE id = ?').pluck().get(batchId) as BatchState | undefined) ??
    null
  )
}

/**
 * Batches a crash (or a quit) interrupted: with payouts still queued, whether their sending was marked
 * started (sending, paused) or not yet (draft: confirmed, then the process died before it started).
 */
export function interruptedBatches(db: Ledger): string[] {
  return prepared(
    db,
    `SELECT DISTINCT b.id FROM batches b JOIN payouts p ON p.batch_id = b.id
       WHERE b.state IN ('draft', 'sending', 'interrupted') AND p.status = 'queued' ORDER BY b.created_at`,
  )
    .pluck()
    .all() as string[]
}

/** The batches whose id starts with `prefix` (two at most: enough to tell one from several). */
export const batchIdsStartingWith = (db: Ledger, prefix: string): string[] =>
  prepared<[number, string], string>(db, 'SELECT id FROM batches WHERE substr(id, 1, ?) = ? LIMIT 2')
    .pluck()
    .all(prefix.length, prefix.toLowerCase())

/** A batch as a person names it before acting on it: its file, its profile and whether it is real money. */
export interface BatchHeadline {
  fileName: string | null
  profileName: string
  environment: 'sandbox' | 'production'
  currency: string | null
}

export const batchHeadline = (db: Ledger, batchId: string): BatchHeadline | undefined =>
  prepared<[string], BatchHeadline>(
    db,
    `SELECT b.file_name AS fileName, pr.name AS profileName, pr.environment,
       (SELECT currency FROM payouts WHERE batch_id = b.id LIMIT 1) AS currency
     FROM batches b JOIN profiles pr ON pr.id = b.profile_id WHERE b.id = ?`,
  ).get(batchId)

/** How many of a batch's payouts are still queued here, and their sum: what resuming it would send. */
export const queuedOfBatch = (db: Ledger, batchId: string): { count: number; totalMinor: number } =>
  prepared<[string], { count: number; totalMinor: number }>(
    db,
    `SELECT COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS totalMinor FROM payouts
       WHERE batch_id = ? AND status = 'queued'`,
  ).get(batchId) ?? { count: 0, totalMinor: 0 }
