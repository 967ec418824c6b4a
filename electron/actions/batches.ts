import { AppError } from '../errors.ts'
import { type BatchRunner } from '../payouts/batches.ts'
import { batchState } from '../ledger/batches-repo.ts'
import { batchIsHeld } from '../payouts/release-limits.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
import type { ActionContext } from './context.ts'

/**
 * Starts (or resumes) sending a batch's queued payouts, from any door: a batch that is not in the ledger,
 * or that waits for the owner's release, is refused here rather than sending nothing in silence. The
 * runner is the door's own (the window's shared one, or the command line's with its progress line).
 */
export async function startBatch(
  ctx: Pick<ActionContext, 'ledger' | 'secrets'>,
  runner: BatchRunner,
  batchId: string,
) {
  if (!batchState(ctx.ledger, batchId)) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
  // Limits set elsewhere since this process read them (a window open for days) hold this batch too.
  await refreshLimitsMarker(ctx.secrets)
  if (batchIsHeld(ctx.ledger, batchId)) throw new AppError('INVALID_INPUT', { key: 'batchHeld' })
  return runner.start(batchId)
}

/**
 * Resumes a paused run, with a start's refusals: what the owner's limits hold since it was paused (set
 * from another door meanwhile) is not sent by resuming it either.
 */
export async function resumeBatch(
  ctx: Pick<ActionContext, 'ledger' | 'secrets'>,
  runner: BatchRunner,
  batchId: string,
) {
  await refreshLimitsMarker(ctx.secrets)
  if (batchIsHeld(ctx.ledger, batchId)) throw new AppError('INVALID_INPUT', { key: 'batchHeld' })
  return runner.resume(batchId)
}
