import { RETRYABLE_STATUSES } from '../../shared/domain/payout-status.ts'
import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { accountOf, sameAccount, type GatewayAccount } from '../ledger/gateway-account.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { prepared } from '../ledger/statements.ts'
import { createBatch } from './batches.ts'
import { draftPayout, draftPayouts } from './draft-payout.ts'
import { batchIsHeld } from './release-limits.ts'

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

/**
 * Pays a batch's failed rows again as a new batch of linked payouts, each under a new reference and with
 * `retry_of` pointing at the one it replaces. A payout already retried is not retried twice.
 */
export function retryFailedPayouts(
  db: Ledger,
  batchId: string,
  now = Date.now(),
  /** Only these (the ones the gateway answered definitely about); all candidates when absent. */
  only?: ReadonlySet<string>,
): CommittedImport {
  const batch = prepared<[string], { profile_id: string; file_name: string | null }>(
    db,
    'SELECT profile_id, file_name FROM batches WHERE id = ?',
  ).get(batchId)
  if (!batch) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
  return db.transaction(() => {
    const failed = retryCandidates(db, batchId).filter((p) => !only || only.has(p.id))
    if (failed.length === 0)
      throw new AppError(
        'INVALID_INPUT',
        'No payout of this batch is left to retry: none failed, or all were retried.',
      )
    const sent = prepared(
      db,
      'SELECT account_json FROM payouts WHERE batch_id = ? AND account_json IS NOT NULL LIMIT 1',
    )
      .pluck()
      .get(batchId) as string | undefined
    const profile = getProfile(db, batch.profile_id)
    if (sent && profile && !sameAccount(JSON.parse(sent) as GatewayAccount, accountOf(profile)))
      throw new AppError(
        'INVALID_INPUT',
        "This batch's profile now names another gateway account or environment than the one it was sent to. Import the rows again as a new batch instead.",
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
    return { batchId: retryBatch, count: failed.length, awaitingRelease: batchIsHeld(db, retryBatch) }
  })()
}

/**
 * Pays one payout known not to have paid (failed, rejected, or marked not sent by a person) again, as a
 * new payout under a new reference with `retry_of` pointing at it. Never twice for the same payout.
 */
export function retryOnePayout(db: Ledger, id: string, now = Date.now()): { id: string; reference: string } {
  return db
    .transaction(() => {
      const payout = assertRetryable(db, id)
      const newId = draftPayout(
        db,
        {
          profileId: payout.profile_id,
          amountMinor: payout.amount_minor,
          fields: JSON.parse(payout.fields_json) as Record<string, string>,
          retryOf: id,
        },
        now,
      )
      const reference = prepared(db, 'SELECT reference FROM payouts WHERE id = ?')
        .pluck()
        .get(newId) as string
      return { id: newId, reference }
    })
    .immediate()
}

/** Refuses (AppError, writing nothing) a payout Retry must not pay again; returns what it pays. */
export function assertRetryable(db: Ledger, id: string) {
  const payout = prepared<
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
  if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  // Paying again goes through the profile as it is now: never to another account or environment.
  const profile = getProfile(db, payout.profile_id)
  if (
    payout.account_json &&
    profile &&
    !sameAccount(JSON.parse(payout.account_json) as GatewayAccount, accountOf(profile))
  )
    throw new AppError(
      'INVALID_INPUT',
      'Its profile now names another gateway account or environment than the one this payout was sent to. Pay it as a new payout instead.',
    )
  // A gateway answer that contradicts the ledger may mean it was paid after all: a person decides first.
  if (payout.attention)
    throw new AppError(
      'INVALID_INPUT',
      'This payout waits for your decision (see Needs your decision) before it can be paid again.',
    )
  if (!(RETRYABLE_STATUSES as readonly string[]).includes(payout.status))
    throw new AppError(
      'INVALID_INPUT',
      'Only a payout known not to have paid (failed, refused, or marked not sent) can be paid again.',
    )
  const again = prepared(db, 'SELECT reference FROM payouts WHERE retry_of = ?').pluck().get(id) as
    string | undefined
  if (again) throw new AppError('INVALID_INPUT', `This payout was already paid again as ${again}.`)
  return payout
}
