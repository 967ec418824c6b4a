import { randomUUID } from 'node:crypto'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

/*
 * The ledger side of an import written in chunks (electron/import/commit-in-chunks.ts): its batch is born
 * 'importing' and published by one switch; what an unfinished one wrote can be removed (migration 0011).
 */

export function createImportingBatch(
  db: Ledger,
  profileId: string,
  fileName: string | null,
  fileSha256: string,
  now: number,
): string {
  const id = randomUUID()
  prepared(
    db,
    `INSERT INTO batches (id, profile_id, file_name, file_sha256, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'importing', ?, ?)`,
  ).run(id, profileId, fileName, fileSha256, now, now)
  return id
}

/** The release limits row as it stands, to see whether it changed meanwhile. */
export const limitsFingerprint = (db: Ledger, profileId: string): string =>
  JSON.stringify(prepared(db, 'SELECT * FROM release_limits WHERE profile_id = ?').get(profileId) ?? null)

/** The heartbeat that tells an import still being written from one whose process died. */
export const touchImport = (db: Ledger, batchId: string): void => {
  prepared(db, 'UPDATE batches SET updated_at = ? WHERE id = ?').run(Date.now(), batchId)
}

/** The batch's payouts, counted in payouts_by_batch alone (its rows are never read). */
export const batchPayoutCount = (db: Ledger, batchId: string): number =>
  prepared(db, 'SELECT count(*) FROM payouts WHERE batch_id = ?').pluck().get(batchId) as number

/** The one switch that makes an import a batch; false when it is not importing any more. */
export const publishImport = (db: Ledger, batchId: string): boolean =>
  prepared(db, "UPDATE batches SET state = 'draft', updated_at = ? WHERE id = ? AND state = 'importing'").run(
    Date.now(),
    batchId,
  ).changes === 1

/**
 * Removes up to `limit` payouts of an importing batch with their events, in the caller's transaction;
 * the batch itself once none is left. True when the batch is gone (or was never importing).
 */
export function removeImportChunk(db: Ledger, batchId: string, limit: number): boolean {
  const state = prepared(db, 'SELECT state FROM batches WHERE id = ?').pluck().get(batchId)
  if (state !== 'importing') return true
  const ids = prepared(db, 'SELECT id FROM payouts WHERE batch_id = ? LIMIT ?')
    .pluck()
    .all(batchId, limit) as string[]
  if (ids.length === 0) {
    prepared(db, 'DELETE FROM batches WHERE id = ?').run(batchId)
    return true
  }
  const list = JSON.stringify(ids)
  prepared(db, 'DELETE FROM payout_events WHERE payout_id IN (SELECT value FROM json_each(?))').run(list)
  prepared(db, 'DELETE FROM payouts WHERE id IN (SELECT value FROM json_each(?))').run(list)
  return false
}

/** Importing batches whose last chunk is older than `before`. */
export const staleImports = (db: Ledger, before: number): string[] =>
  prepared(db, "SELECT id FROM batches WHERE state = 'importing' AND updated_at < ?")
    .pluck()
    .all(before) as string[]
