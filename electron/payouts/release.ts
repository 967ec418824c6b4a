import type { Ledger } from '../ledger/open-ledger.ts'
import { clearHolds } from '../ledger/release-limits-repo.ts'
import { observe, recordDecision } from './payout-store.ts'
import { heldGroup, type HeldGroup } from './release-limits.ts'

/** Cancels what waits for release: never sent, so nothing can have been paid. */
export function cancelHeld(db: Ledger, profileId: string, held: HeldGroup, now = Date.now()): number {
  return db
    .transaction(() => {
      const group = heldGroup(db, profileId, held)
      for (const id of group.ids) {
        recordDecision(db, id, now, { action: 'cancel-held' })
        observe(
          db,
          id,
          {
            to: 'cancelled',
            source: 'user',
            lastError: 'Cancelled while it waited for release.',
            nextCheckAt: null,
          },
          now,
        )
      }
      clearHolds(db, group.ids)
      return group.ids.length
    })
    .immediate()
}
