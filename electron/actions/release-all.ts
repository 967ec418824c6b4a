import type { AwaitingRelease } from '../../shared/ipc/recipients-contract.ts'
import { AppError } from '../errors.ts'
import type { ActionContext } from './context.ts'
import { releaseHeld } from './release.ts'
import { stillQueued } from '../ledger/payout-store.ts'

/** What became of one group of a release of several. */
export type GroupOutcome =
  | { group: AwaitingRelease; released: number; totalMinor: number }
  | { group: AwaitingRelease; refused: AppError }
  | { group: AwaitingRelease; notTried: true }
  /**
   * Released (said just before), but its sending failed part-way: `waiting` is what it had not sent yet,
   * which stays queued, never held again; what went before the failure was sent.
   */
  | { group: AwaitingRelease; notSent: AppError; waiting: { count: number; totalMinor: number } }

/**
 * Releases several groups that wait with one passphrase (`release --all`), each its own decision as in
 * the window: a group whose payee has moved since it was written stays held and the others go. Any
 * other refusal (the passphrase, what waits changed since it was shown) stops there, so a wrong
 * passphrase is never tried again on the next group. A group is sent before the next is released; a
 * group whose sending fails (the gateway unreachable, the app closing) stays released, not refused, and
 * the rest is not tried.
 */
export async function releaseGroups(
  ctx: ActionContext,
  groups: readonly AwaitingRelease[],
  passphrase: string,
  onEach: (outcome: GroupOutcome) => void,
): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = []
  const say = (outcome: GroupOutcome) => {
    outcomes.push(outcome)
    onEach(outcome)
  }
  const stops = (o: GroupOutcome) =>
    'notSent' in o || ('refused' in o && o.refused.text.key !== 'releasePayeeMoved')
  for (const group of groups) {
    if (outcomes.some(stops)) {
      say({ group, notTried: true })
      continue
    }
    let release
    try {
      release = await releaseHeld(ctx, {
        profileId: group.profileId,
        held: group.batchId ? { batchId: group.batchId } : { payoutIds: group.payoutIds },
        passphrase,
        reviewHash: group.reviewHash,
      })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      say({ group, refused: error })
      continue
    }
    say({ group, released: release.released, totalMinor: release.totalMinor })
    // Only the release is the decision: a failure to send after it is not "not released".
    await release.sending.catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error
      say({ group, notSent: error, waiting: stillQueued(ctx.ledger, release.ids) })
    })
  }
  return outcomes
}
