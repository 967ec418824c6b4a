import { isFinalStatus, type PayoutStatus } from './payout-status.ts'

/**
 * The only place that says which status may follow which. Final states never change; "unknown" (in
 * doubt) can only be left by what the gateway says; a re-send goes back through "submitting".
 */
const ALLOWED: Readonly<Record<PayoutStatus, readonly PayoutStatus[]>> = {
  draft: ['queued', 'cancelled'],
  // Back to draft only when the owner's release seal does not hold for it (see release-seals.ts).
  queued: ['submitting', 'cancelled', 'draft'],
  // Back to queued only when the request was refused before it left this computer (missing settings).
  submitting: ['processing', 'succeeded', 'failed', 'rejected', 'unknown', 'needs_review', 'queued'],
  // Rejected only by a refusal of the one and only attempt (the engine knows the attempts; a refused
  // re-send never makes a payout final, because an earlier attempt may still land).
  unknown: ['submitting', 'processing', 'succeeded', 'failed', 'needs_review', 'rejected'],
  processing: ['succeeded', 'failed', 'needs_review'],
  needs_review: ['processing', 'succeeded', 'failed'],
  succeeded: [],
  failed: [],
  rejected: [],
  cancelled: [],
}

/** Every move the state machine allows, as pairs (the team ledger enforces the same list in SQL). */
export const allowedTransitions = (): [PayoutStatus, PayoutStatus][] =>
  Object.entries(ALLOWED).flatMap(([from, tos]) =>
    tos.map((to): [PayoutStatus, PayoutStatus] => [from as PayoutStatus, to]),
  )

export function canTransition(from: PayoutStatus, to: PayoutStatus): boolean {
  return ALLOWED[from].includes(to)
}

export type TransitionVerdict = 'apply' | 'same' | 'ignore'

/**
 * What to do with an observed status: apply it, note that nothing changed, or ignore it (a late
 * "processing" after "succeeded", a poll's "processing" while a re-send is in flight…).
 */
export function judge(from: PayoutStatus, to: PayoutStatus): TransitionVerdict {
  if (from === to) return 'same'
  if (isFinalStatus(from)) return 'ignore'
  return canTransition(from, to) ? 'apply' : 'ignore'
}

/**
 * What a person's decision may set, beyond the state machine: they checked with the gateway what no
 * answer settled. "Not sent" is recorded as cancelled (never paid, so Retry may pay it again as a new
 * linked payout); "paid" as succeeded; a disagreement may be settled either way, final or not.
 */
export function personMay(from: PayoutStatus, to: PayoutStatus, disagreement: boolean): boolean {
  if (disagreement) return to !== 'draft' && to !== 'queued' && to !== 'submitting'
  // Holding a payout for release is the limits' doing, never a decision.
  if (isFinalStatus(from) || to === 'draft') return false
  // "Not sent" only while no gateway answer said it has the payout (a status the gateway gave, like
  // processing, is its word that it does): this rule does not rest on which choices were offered.
  if (to === 'cancelled') return from === 'submitting' || from === 'unknown' || canTransition(from, to)
  return to === 'succeeded' || canTransition(from, to)
}
