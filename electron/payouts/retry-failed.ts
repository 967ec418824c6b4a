import { RETRYABLE_STATUSES } from '../../shared/domain/payout-status.ts'
import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { accountOf, sameAccount, type GatewayAccount } from '../ledger/gateway-account.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import {
  batchOrigin,
  retriedAs,
  retryCandidates,
  retryView,
  sentAccountOfBatch,
  retriesOfPaidSince,
} from '../ledger/retries-repo.ts'
import { referenceOf } from '../ledger/payouts-repo.ts'
import { createBatch } from '../ledger/batches-repo.ts'
import { draftPayout, draftPayouts } from './draft-payout.ts'
import { batchIsHeld } from './release-limits.ts'

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
  const batch = batchOrigin(db, batchId)
  if (!batch) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
  return db.transaction(() => {
    const failed = retryCandidates(db, batchId).filter((p) => !only || only.has(p.id))
    if (failed.length === 0) throw new AppError('INVALID_INPUT', { key: 'retryNothingLeft' })
    const sent = sentAccountOfBatch(db, batchId)
    const profile = getProfile(db, batch.profile_id)
    if (sent && profile && !sameAccount(JSON.parse(sent) as GatewayAccount, accountOf(profile)))
      throw new AppError('INVALID_INPUT', { key: 'retryBatchAccountMoved' })
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
      return { id: newId, reference: referenceOf(db, newId) ?? newId }
    })
    .immediate()
}

/** Refuses (AppError, writing nothing) a payout Retry must not pay again; returns what it pays. */
export function assertRetryable(db: Ledger, id: string) {
  const payout = retryView(db, id)
  if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  const profile = getProfile(db, payout.profile_id)
  const refusal = retryRefusal(
    {
      account: payout.account_json ? (JSON.parse(payout.account_json) as GatewayAccount) : null,
      attention: payout.attention,
      status: payout.status,
    },
    profile ? accountOf(profile) : null,
    retriedAs(db, id),
  )
  if (refusal) throw new AppError('INVALID_INPUT', refusal)
  // A Retry of a Retry: the payout it pays again is plainly failed, but the first of the chain may have
  // paid since (the gateway contradicted itself), as a release judges a held one (review 77).
  if (retriesOfPaidSince(db, [id]).length > 0)
    throw new AppError('CONFLICT', { key: 'retryEarlierMayHavePaid' })
  return payout
}

/**
 * Why Retry must not pay a payout again, or null: the one rule on either ledger (the team's is
 * actions/team-retry.ts), given the payout, its profile's account now, and what paid it again already.
 */
export function retryRefusal(
  payout: { account: GatewayAccount | null; attention: string | null; status: string },
  profileAccount: GatewayAccount | null,
  retriedAs: string | null | undefined,
): ErrorText | null {
  // Paying again goes through the profile as it is now: never to another account or environment.
  if (payout.account && profileAccount && !sameAccount(payout.account, profileAccount))
    return { key: 'retryAccountMoved' }
  // A gateway answer that contradicts the ledger may mean it was paid after all: a person decides first.
  if (payout.attention) return { key: 'retryWaitsForDecision' }
  if (!(RETRYABLE_STATUSES as readonly string[]).includes(payout.status)) return { key: 'retryOnlyUnpaid' }
  if (retriedAs) return { key: 'retriedAlready', params: { reference: retriedAs } }
  return null
}
