import { AppError } from '../errors.ts'
import { loadPayout } from '../payouts/payout-store.ts'
import { judgeRetry } from '../payouts/retry-answer.ts'
import {
  assertRetryable,
  retryCandidates,
  retryFailedPayouts,
  retryOnePayout,
} from '../payouts/retry-failed.ts'
import type { ActionContext } from './context.ts'

type RetryContext = Pick<ActionContext, 'ledger' | 'engine' | 'ready'>

/**
 * The one rule of Retry, for one payout: under the original's lease, the gateway is asked about it, and
 * `pay` runs only when the answer is definite (retry-answer.ts). Otherwise nothing is written and the
 * reason comes back. The same for the window and the command line, one payout or a batch.
 */
async function whenDefinitelyNotPaid<T>(
  ctx: RetryContext,
  id: string,
  pay: () => T,
): Promise<{ done: true; value: T } | { done: false; why: string }> {
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
    () => ({
      done: false as const,
      why: 'Another window or command is working on this payout right now. Try again in a minute.',
    }),
  )
}

/** Retry of one payout: a new linked payout under a new reference, sent in the background. */
export async function retryPayout(ctx: RetryContext, id: string): Promise<{ id: string; reference: string }> {
  await ctx.ready
  // Refused before anything is asked or written.
  assertRetryable(ctx.ledger, id)
  const result = await whenDefinitelyNotPaid(ctx, id, () => retryOnePayout(ctx.ledger, id))
  if (!result.done) throw new AppError('CONFLICT', result.why)
  return result.value
}

/**
 * Retry of a batch's failed payouts: each asked about as one is; those with a definite answer are paid
 * again as one new batch, the others are left as they were and named with the reason. When none has
 * one, nothing is written.
 */
export async function retryBatch(ctx: RetryContext, batchId: string) {
  await ctx.ready
  const candidates = retryCandidates(ctx.ledger, batchId)
  const definite = new Set<string>()
  const left: { reference: string; why: string }[] = []
  for (const { id } of candidates) {
    const result = await whenDefinitelyNotPaid(ctx, id, () => id)
    if (result.done) definite.add(id)
    else left.push({ reference: loadPayout(ctx.ledger, id)?.reference ?? id, why: result.why })
  }
  if (candidates.length > 0 && definite.size === 0)
    throw new AppError(
      'CONFLICT',
      `No payout of this batch was paid again: ${left.map((l) => `${l.reference}: ${l.why}`).join(' ')}`,
    )
  const committed = retryFailedPayouts(ctx.ledger, batchId, Date.now(), definite)
  return { ...committed, left }
}
