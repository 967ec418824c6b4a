import { cancelUnsent } from './cancel-unsent.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { heldGroup, type HeldGroup } from './release-limits.ts'

/** Cancels what waits for release, as the person saw it listed: never sent, so nothing can have been paid. */
export function cancelHeld(db: Ledger, profileId: string, held: HeldGroup, now = Date.now()): number {
  return db
    .transaction(() => {
      const group = heldGroup(db, profileId, held)
      for (const id of group.ids) cancelUnsent(db, id, now)
      return group.ids.length
    })
    .immediate()
}
