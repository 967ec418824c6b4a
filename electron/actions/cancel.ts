import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { cancelUnsent } from '../payouts/cancel-unsent.ts'
import { loadPayout } from '../ledger/payout-store.ts'
import type { ActionContext } from './context.ts'

export interface Cancelled {
  /** References of the payouts cancelled. */
  cancelled: string[]
  /** Those left as they were, because they may have reached a gateway (or are final). */
  left: { reference: string; status: PayoutStatus }[]
}

/** Cancel, from any door: each payout that never left is cancelled; the others are named and left. */
export function cancelPayouts(ctx: Pick<ActionContext, 'ledger'>, ids: readonly string[]): Cancelled {
  const out: Cancelled = { cancelled: [], left: [] }
  for (const id of ids) {
    const before = loadPayout(ctx.ledger, id)
    if (!before) continue
    const why =
      before.status === 'draft' ? 'Cancelled while it waited for release.' : 'Cancelled before it was sent.'
    const status = cancelUnsent(ctx.ledger, id, why)
    if (status === 'cancelled' && before.status !== 'cancelled') out.cancelled.push(before.reference)
    else if (status) out.left.push({ reference: before.reference, status })
  }
  return out
}
