import type { RetriedBatch } from '../../shared/ipc/import-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import { loadPayout } from '../ledger/payout-store.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import { judgeRetry } from '../payouts/retry-answer.ts'
import { changeParams, recipientMatcher } from '../recipients/payee-rule.ts'
import { assertRetryable, retryFailedPayouts, retryOnePayout } from '../payouts/retry-failed.ts'
import { batchOrigin, earlierInChain, retryCandidates } from '../ledger/retries-repo.ts'
import { earlierDefinitelyUnpaid } from './retry-earlier.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
import { refuseIfCannotSend } from './can-send.ts'
import type { ActionContext } from './context.ts'
import { sendWritten, type MadePayout } from './make-payout.ts'

type RetryContext = Pick<ActionContext, 'ledger' | 'engine' | 'ready' | 'secrets'>

/**
 * The one rule of Retry, for one payout: under the original's lease, the gateway is asked about it, and
 * `pay` runs only when the answer is definite (retry-answer.ts). Otherwise nothing is written and the
 * reason comes back. The same for the window and the command line, one payout or a batch.
 */
async function whenDefinitelyNotPaid<T>(
  ctx: RetryContext,
  id: string,
  pay: () => T,
): Promise<{ done: true; value: T } | { done: false; why: ErrorText }> {
  // A Retry of a Retry: every payout before it is asked about too, each definitely not paid.
  const before = await earlierDefinitelyUnpaid(ctx.engine, earlierInChain(ctx.ledger, id), (earlier) =>
    loadPayout(ctx.ledger, earlier),
  )
  if (!before.definite) return { done: false, why: before.why }
  return ctx.engine.leased(
    id,
    async () => {
      const fresh = await ctx.engine.askBeforeRetryHeld(id)
      const payout = loadPayout(ctx.ledger, id)
      if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
      const answer = judgeRetry(payout, fresh, Date.now(), ctx.engine.settleMs)
      if (!answer.definite) return { done: false as const, why: answer.why }
      // The answer may have raised it for a person meanwhile: checked again, still under the lease.
      assertRetryable(ctx.ledger, id)
      return { done: true as const, value: pay() }
    },
    () => ({ done: false as const, why: { key: 'retryBusy' } satisfies ErrorText }),
  )
}

/** Retry of one payout: a new linked payout under a new reference, then sent (`sent` settles after). */
export async function retryPayout(ctx: RetryContext, id: string): Promise<Omit<MadePayout, 'existing'>> {
  await ctx.ready
  // Refused before anything is asked or written.
  assertRetryable(ctx.ledger, id)
  const profileId = loadPayout(ctx.ledger, id)?.profileId
  if (profileId) await refuseIfCannotSend(ctx, profileId)
  await refreshLimitsMarker(ctx.secrets)
  const result = await whenDefinitelyNotPaid(ctx, id, () => retryOnePayout(ctx.ledger, id))
  if (!result.done) throw new AppError('CONFLICT', result.why)
  return sendWritten(ctx, result.value.id)
}

/** Of a batch's Retry candidates, those whose payee the directory now knows at another account, with why. */
function movedPayees(
  db: RetryContext['ledger'],
  batchId: string,
  candidates: ReturnType<typeof retryCandidates>,
): Map<string, ErrorText> {
  const out = new Map<string, ErrorText>()
  const profileId = batchOrigin(db, batchId)?.profile_id
  if (!profileId || candidates.length === 0) return out
  const payee = recipientMatcher(db, profileId, resolveProfile(db, profileId).shape)
  for (const c of candidates) {
    const match = payee(JSON.parse(c.fields_json) as Record<string, string>)
    if (match.kind === 'changed') out.set(c.id, { key: 'retryPayeeMoved', params: changeParams(match) })
  }
  return out
}

/**
 * Retry of a batch's failed payouts: each asked about as one is; those with a definite answer are paid
 * again as one new batch, the others are left as they were and named with the reason. When none has
 * one, nothing is written.
 */
export async function retryBatch(ctx: RetryContext, batchId: string): Promise<RetriedBatch> {
  await ctx.ready
  const candidates = retryCandidates(ctx.ledger, batchId)
  const profileId = batchOrigin(ctx.ledger, batchId)?.profile_id
  if (profileId && candidates.length > 0) await refuseIfCannotSend(ctx, profileId)
  await refreshLimitsMarker(ctx.secrets)
  const definite = new Set<string>()
  const left: { reference: string; why: ErrorText }[] = []
  // The payee rule, as for one Retry: a payee whose account moved since is not paid at the old one.
  const moved = movedPayees(ctx.ledger, batchId, candidates)
  for (const { id } of candidates) {
    const why = moved.get(id)
    if (why) {
      left.push({ reference: loadPayout(ctx.ledger, id)?.reference ?? id, why })
      continue
    }
    const result = await whenDefinitelyNotPaid(ctx, id, () => id)
    if (result.done) definite.add(id)
    else left.push({ reference: loadPayout(ctx.ledger, id)?.reference ?? id, why: result.why })
  }
  if (candidates.length > 0 && definite.size === 0)
    throw new AppError(
      'CONFLICT',
      // One payout's reason is its own; several are named, each reason in its payout's history.
      left.length === 1 && left[0]
        ? left[0].why
        : { key: 'retryNoneOfBatch', params: { references: left.map((l) => l.reference).join(', ') } },
    )
  const committed = retryFailedPayouts(ctx.ledger, batchId, Date.now(), definite)
  return { ...committed, left }
}
