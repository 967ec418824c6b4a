import type { TeamDesk } from '../services/team-desk.ts'
import { queuedFor, statusesOf, teamProfiles, type TeamProfile } from '../team/team-profiles.ts'

export interface TeamSendResult {
  /** The profiles this desk sent for, and those it left to a desk holding their secret. */
  sentFor: TeamProfile[]
  leftFor: TeamProfile[]
  /** What became of the payouts this desk took, by status. */
  byStatus: Record<string, number>
  /** Payouts still in doubt after asking their gateway: a person decides (payout-desk attention). */
  inDoubt: number
}

/**
 * Sends what is ready on the team ledger from this desk: first every payout in doubt is asked about (one a
 * desk left mid-send, or one the gateway did not answer), then what is queued (within the limits, or
 * approved) leaves, each once whichever desks send at the same time. Only for the profiles whose secret
 * this desk holds; what waits for approval never leaves.
 */
export async function sendForTeam(
  desk: TeamDesk,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<TeamSendResult> {
  const mine = new Set(await desk.sendsFor())
  const profiles = await teamProfiles(desk.pool)
  const sentFor = profiles.filter((p) => mine.has(p.id))
  const leftFor = profiles.filter((p) => !mine.has(p.id) && p.queued + p.open > 0)
  const ids = sentFor.map((p) => p.id)
  const queued = await queuedFor(desk.pool, ids)
  // Recovery asks about what is in doubt, then sends what was queued when it looked.
  const inDoubt = await desk.engine.recover()
  // What is queued still: written meanwhile, or held by another desk when recovery came to it.
  const left = await queuedFor(desk.pool, ids)
  let done = 0
  for (const id of left) {
    // Sent by another desk meanwhile: the engine leaves it as it is.
    await desk.engine.send(id).catch(() => undefined)
    options.onProgress?.(++done, left.length)
  }
  const touched = [...new Set([...queued, ...left, ...inDoubt])]
  const byStatus = await statusesOf(desk.pool, touched)
  return {
    sentFor,
    leftFor,
    byStatus,
    inDoubt: (byStatus.unknown ?? 0) + (byStatus.submitting ?? 0) + (byStatus.needs_review ?? 0),
  }
}
