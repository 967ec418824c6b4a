import type { Released } from '../../shared/ipc/recipients-contract.ts'
import { AppError } from '../errors.ts'
import { persist } from '../ledger/busy-retry.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { prepared } from '../ledger/statements.ts'
import { observe, recordDecision } from './payout-store.ts'
import { heldGroup, verifyPassphrase, type HeldGroup } from './release-limits.ts'

/**
 * The owner releases what waits: the passphrase is checked, then what is held must be exactly what they
 * reviewed (the digest they were shown), then each payout goes from draft to queued with a release event
 * in its timeline. Sending them is the caller's (a batch run, or the engine for single payouts).
 */
export async function releaseHeld(
  db: Ledger,
  request: { profileId: string; held: HeldGroup; passphrase: string; reviewHash: string },
  now = Date.now(),
): Promise<Released & { ids: string[] }> {
  await verifyPassphrase(db, request.profileId, request.passphrase, now)
  return persist(db, () =>
    db
      .transaction(() => {
        const group = heldGroup(db, request.profileId, request.held)
        if (group.hash !== request.reviewHash)
          throw new AppError(
            'CONFLICT',
            'What waits for release has changed since you reviewed it. Nothing was released; look at it again.',
          )
        for (const id of group.ids) {
          recordDecision(db, id, now, { action: 'release', reviewHash: request.reviewHash })
          observe(db, id, { to: 'queued', source: 'user', lastError: null, nextCheckAt: null }, now)
        }
        prepared(db, 'UPDATE payouts SET held_for = NULL WHERE id IN (SELECT value FROM json_each(?))').run(
          JSON.stringify(group.ids),
        )
        return { released: group.ids.length, totalMinor: group.totalMinor, ids: group.ids }
      })
      .immediate(),
  )
}

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
      prepared(db, 'UPDATE payouts SET held_for = NULL WHERE id IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(group.ids),
      )
      return group.ids.length
    })
    .immediate()
}
