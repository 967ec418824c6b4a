import { describe, expect, it } from 'vitest'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import { canTransition, judge, personMay } from '../../shared/domain/state-machine.ts'

/*
 * Every (from, to) pair, against a table written from docs/money-safety.md and design.md ("One state
 * machine"), not copied from the code: final states never change by themselves; a draft (awaiting
 * release) goes only to queued or cancelled; queued is sent or cancelled, or held for release again when
 * it does not carry the owner's release seal (docs/security.md); a send ends in any answer, or
 * back to queued when nothing left this computer; in doubt is left only by what the gateway says or a
 * re-send under the same reference (and rejected only for a refusal of the one and only attempt);
 * a payout the gateway has (processing) or answered oddly (needs review) moves only to the gateway's next
 * word; an unknown gateway status goes to Needs review.
 */
const DOCUMENTED: Record<PayoutStatus, PayoutStatus[]> = {
  draft: ['queued', 'cancelled'],
  queued: ['submitting', 'cancelled', 'draft'],
  submitting: ['processing', 'succeeded', 'failed', 'rejected', 'unknown', 'needs_review', 'queued'],
  unknown: ['submitting', 'processing', 'succeeded', 'failed', 'rejected', 'needs_review'],
  processing: ['succeeded', 'failed', 'needs_review'],
  needs_review: ['processing', 'succeeded', 'failed'],
  succeeded: [],
  failed: [],
  rejected: [],
  cancelled: [],
}
const FINAL = new Set<PayoutStatus>(['succeeded', 'failed', 'rejected', 'cancelled'])
const pairs = PAYOUT_STATUSES.flatMap((from) => PAYOUT_STATUSES.map((to) => [from, to] as const))
const allowed = (from: PayoutStatus, to: PayoutStatus) => DOCUMENTED[from].includes(to)

describe('canTransition: every pair', () => {
  it.each(pairs.map(([f, t]) => [f, t, allowed(f, t)] as const))('%s -> %s: %s', (from, to, want) => {
    expect(canTransition(from, to)).toBe(want)
  })
})

describe('judge: an observed status never reopens a final state, a repeat changes nothing', () => {
  const want = (from: PayoutStatus, to: PayoutStatus) =>
    from === to ? 'same' : !FINAL.has(from) && allowed(from, to) ? 'apply' : 'ignore'
  it.each(pairs.map(([f, t]) => [f, t, want(f, t)] as const))('%s -> %s: %s', (from, to, verdict) => {
    expect(judge(from, to)).toBe(verdict)
  })
  // The documented cases by name, so a broken row reads as the rule it breaks.
  it.each([
    ['a late "pending" after paid', 'succeeded', 'processing', 'ignore'],
    ['a late "pending" after failed', 'failed', 'processing', 'ignore'],
    ['a repeated callback', 'succeeded', 'succeeded', 'same'],
    ['an unknown gateway status', 'processing', 'needs_review', 'apply'],
    ['in doubt, the gateway says paid', 'unknown', 'succeeded', 'apply'],
    ['a final answer against another final state', 'rejected', 'succeeded', 'ignore'],
  ] as const)('%s', (_why, from, to, verdict) => {
    expect(judge(from, to)).toBe(verdict)
  })
})

describe('personMay: what a decision may set', () => {
  // Without a disagreement: a final state is never changed; on an open payout the person records
  // "paid" (succeeded), or "not sent" (cancelled) while no gateway answer said it has the payout
  // (submitting, unknown), or a move the state machine allows anyway.
  // A hold for release is never a person's decision.
  const plain = (from: PayoutStatus, to: PayoutStatus) =>
    !FINAL.has(from) &&
    to !== 'draft' &&
    (to === 'succeeded' ||
      (to === 'cancelled' && (from === 'submitting' || from === 'unknown')) ||
      allowed(from, to))
  // A disagreement may be settled either way, final or not, but never back into sending.
  const disputed = (_from: PayoutStatus, to: PayoutStatus) =>
    to !== 'draft' && to !== 'queued' && to !== 'submitting'
  it.each(pairs.map(([f, t]) => [f, t, plain(f, t)] as const))(
    'no disagreement: %s -> %s: %s',
    (from, to, want) => {
      expect(personMay(from, to, false)).toBe(want)
    },
  )
  it.each(pairs.map(([f, t]) => [f, t, disputed(f, t)] as const))(
    'disagreement: %s -> %s: %s',
    (from, to, want) => {
      expect(personMay(from, to, true)).toBe(want)
    },
  )
})
