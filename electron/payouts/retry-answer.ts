import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { QueryOutcome } from '../providers/types.ts'

const minutes = (n: number) => (n === 1 ? '1 minute' : `${n} minutes`)

/**
 * Whether what the gateway just said about a payout's one reference is definite enough to pay the same
 * money again under a new one. Retry (one payout or a batch, from any door) pays again only on a yes;
 * anything else leaves the payout as it was, with the reason for the person.
 */
export type RetryAnswer = { definite: true } | { definite: false; why: string }

export interface RetryQuestion {
  status: PayoutStatus
  attempts: number
  lastAttemptAt: number | null
}

/** What the gateway said now, or why it could not be asked. */
export type FreshAnswer =
  { kind: 'asked'; outcome: QueryOutcome } | { kind: 'busy' } | { kind: 'unasked'; why: string }

export function judgeRetry(
  payout: RetryQuestion,
  fresh: FreshAnswer,
  now: number,
  settleMs: number,
): RetryAnswer {
  // Never sent: nothing can be at the gateway.
  if (payout.attempts === 0) return { definite: true }
  if (fresh.kind === 'busy')
    return {
      definite: false,
      why: 'Another window or command is working on this payout right now. Try again in a minute.',
    }
  if (fresh.kind === 'asked') {
    const { outcome } = fresh
    if (outcome.kind === 'found')
      return outcome.state.state === 'failed'
        ? { definite: true }
        : {
            definite: false,
            why: `The gateway now reports this payout as ${outcome.state.state === 'succeeded' ? 'paid' : 'still being processed'}; it is not paid again.`,
          }
    if (outcome.kind === 'not_found') {
      const since = now - (payout.lastAttemptAt ?? 0)
      if (since >= settleMs) return { definite: true }
      return {
        definite: false,
        why: `The gateway does not show this payout yet, but it was sent only ${minutes(Math.ceil(since / 60_000))} ago; a gateway can take ${minutes(Math.round(settleMs / 60_000))} to show one. Try again later.`,
      }
    }
  }
  // No answer now. Only the gateway's own refusal of the one request it got still counts: "rejected" is
  // what a create answered "no" to, and nothing was created.
  if (payout.status === 'rejected' && payout.attempts === 1) return { definite: true }
  const why =
    fresh.kind === 'unasked' ? fresh.why : fresh.outcome.kind === 'inconclusive' ? fresh.outcome.message : ''
  return {
    definite: false,
    why: `The gateway could not confirm that this payout did not go through${why ? ` (${why.replace(/\.$/, '')})` : ''}. Nothing was paid again; try again when it answers.`,
  }
}
