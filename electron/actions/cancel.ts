import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { AppError } from '../errors.ts'
import { batchState, setBatchState } from '../ledger/batches-repo.ts'
import { batchSummary } from '../ledger/history-repo.ts'
import { payoutIdsOfBatch } from '../ledger/payouts-repo.ts'
import type { BatchProgress, BatchRunner } from '../payouts/batches.ts'
import { cancelUnsent } from '../payouts/cancel-unsent.ts'
import { cancelHeld } from '../payouts/release.ts'
import type { HeldGroup } from '../payouts/release-limits.ts'
import { loadPayout } from '../ledger/payout-store.ts'
import type { ActionContext } from './context.ts'

export interface Cancelled {
  /** References of the payouts cancelled. */
  cancelled: string[]
  /** Those left as they were, because they may have reached a gateway (or are final otherwise). */
  left: { reference: string; status: PayoutStatus }[]
}

/** Cancel, from any door: each payout that never left is cancelled; the others are named and left. */
export function cancelPayouts(ctx: Pick<ActionContext, 'ledger'>, ids: readonly string[]): Cancelled {
  const out: Cancelled = { cancelled: [], left: [] }
  for (const id of ids) {
    const before = loadPayout(ctx.ledger, id)
    // One cancelled already is neither cancelled now nor left standing.
    if (!before || before.status === 'cancelled') continue
    const status = cancelUnsent(ctx.ledger, id)
    if (status === 'cancelled') out.cancelled.push(before.reference)
    else if (status) out.left.push({ reference: before.reference, status })
  }
  return out
}

/**
 * Cancel a batch, from any door. A batch being sent here stops taking payouts (those in flight finish
 * and are recorded, then it is marked cancelled). One that is not being sent (paused, interrupted, or
 * sent by a window that has since closed) has what never left cancelled at once: a person who paused a
 * batch can always stop it without sending it first.
 */
export function cancelBatch(
  ctx: Pick<ActionContext, 'ledger'>,
  /** The door's batch runner (the window's), or null where nothing is sent from this process. */
  runner: BatchRunner | null,
  batchId: string,
): { progress: BatchProgress; cancelled: Cancelled | null } {
  const state = batchState(ctx.ledger, batchId)
  if (!state) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
  // Half a file is neither a batch nor sendable: the import finishes whole, or is removed whole.
  if (state === 'importing') throw new AppError('INVALID_INPUT', { key: 'batchImporting' })
  const running = runner?.cancel(batchId)
  if (running) return { progress: running, cancelled: null }
  const cancelled = cancelPayouts(ctx, payoutIdsOfBatch(ctx.ledger, batchId))
  setBatchState(ctx.ledger, batchId, 'cancelled')
  const byStatus = batchSummary(ctx.ledger, batchId)?.byStatus ?? {}
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0)
  return {
    progress: {
      batchId,
      state: 'cancelled',
      total,
      done: total - (byStatus.queued ?? 0),
      inFlight: 0,
      paused: false,
      cancelled: true,
      byStatus,
    },
    cancelled,
  }
}

/**
 * Cancels what waits for the owner's release: every payout named must still wait (release-limits.ts
 * heldGroup refuses otherwise), and each is cancelled as any unsent one is.
 */
export const cancelHeldPayouts = (
  ctx: Pick<ActionContext, 'ledger'>,
  profileId: string,
  held: HeldGroup,
): { cancelled: number } => ({ cancelled: cancelHeld(ctx.ledger, profileId, held) })
