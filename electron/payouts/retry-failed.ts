import { RETRYABLE_STATUSES } from '../../shared/domain/payout-status.ts'
import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { prepared } from '../ledger/statements.ts'
import { createBatch } from './batches.ts'
import { draftPayouts } from './draft-payout.ts'

/**
 * Pays a batch's failed rows again as a new batch of linked payouts, each under a new reference and with
 * `retry_of` pointing at the one it replaces. A payout already retried is not retried twice.
 */
export function retryFailedPayouts(db: Ledger, batchId: string, now = Date.now()): CommittedImport {
  const batch = prepared<[string], { profile_id: string; file_name: string | null }>(
    db,
    'SELECT profile_id, file_name FROM batches WHERE id = ?',
  ).get(batchId)
  if (!batch) throw new AppError('NOT_FOUND', 'That batch is not in the ledger.')
  return db.transaction(() => {
    const failed = prepared<[string, string], { id: string; amount_minor: number; fields_json: string }>(
      db,
      `SELECT id, amount_minor, fields_json FROM payouts p
         WHERE batch_id = ? AND status IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM payouts r WHERE r.retry_of = p.id)
         ORDER BY created_at, id`,
    ).all(batchId, JSON.stringify(RETRYABLE_STATUSES))
    if (failed.length === 0)
      throw new AppError(
        'INVALID_INPUT',
        'No payout of this batch is left to retry: none failed, or all were retried.',
      )
    const retryBatch = createBatch(db, batch.profile_id, `Retry of ${batch.file_name ?? 'batch'}`, null, now)
    draftPayouts(
      db,
      batch.profile_id,
      failed.map((p) => ({
        amountMinor: p.amount_minor,
        fields: JSON.parse(p.fields_json) as Record<string, string>,
        batchId: retryBatch,
        retryOf: p.id,
      })),
      now,
    )
    return { batchId: retryBatch, count: failed.length }
  })()
}
