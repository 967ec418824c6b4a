import { storeText } from '../../shared/messages/stored-text.ts'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { clearHolds } from '../ledger/release-limits-repo.ts'
import { loadPayout, observe, recordDecision } from '../ledger/payout-store.ts'

/**
 * Cancels one payout that never left this computer, in its own IMMEDIATE transaction: queued, or waiting
 * for the owner's release (a draft). Anything else may already be at a gateway, so it is settled by
 * asking the gateway, never by a cancel here. The state machine decides, so a payout a running batch
 * claims meanwhile is left as it is. Returns its status afterwards.
 */
export function cancelUnsent(db: Ledger, id: string, now = Date.now()): PayoutStatus | null {
  return db
    .transaction(() => {
      const payout = loadPayout(db, id)
      if (!payout) return null
      if (payout.status !== 'queued' && payout.status !== 'draft') return payout.status
      const held = payout.status === 'draft'
      if (held) recordDecision(db, id, now, { action: 'cancel-held' })
      const why = storeText({ key: held ? 'noteCancelledHeld' : 'noteCancelledUnsent' })
      const result = observe(
        db,
        id,
        { to: 'cancelled', source: 'user', lastError: why, nextCheckAt: null },
        now,
      )
      if (result.to === 'cancelled') clearHolds(db, [id])
      return result.to
    })
    .immediate()
}
