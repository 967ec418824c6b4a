import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import type { QueryOutcome } from '../providers/types.ts'

/**
 * Whether what the gateway just said about a payout's one reference is definite enough to pay the same
 * money again under a new one. Retry (one payout or a batch, from any door) pays again only on a yes;
 * anything else leaves the payout as it was, with the reason for the person.
 */
export type RetryAnswer = { definite: true } | { definite: false; why: ErrorText }

export interface RetryQuestion {
  status: PayoutStatus
  attempts: number
  lastAttemptAt: number | null
  /** A gateway answered about this payout's reference at some time: it had it. */
  acknowledged: boolean
}

/** Why the gateway could not be asked: the keychain, a profile moved to another account, or the network. */
export type UnaskedCause = 'never-sent' | 'keychain' | 'moved' | 'unreachable'

/** What the gateway said now, or why it could not be asked. */
export type FreshAnswer =
  { kind: 'asked'; outcome: QueryOutcome } | { kind: 'busy' } | { kind: 'unasked'; cause: UnaskedCause }

export function judgeRetry(
  payout: RetryQuestion,
  fresh: FreshAnswer,
  now: number,
  settleMs: number,
): RetryAnswer {
  // Never sent: nothing can be at the gateway.
  if (payout.attempts === 0) return { definite: true }
  if (fresh.kind === 'busy') return { definite: false, why: { key: 'retryBusy' } }
  if (fresh.kind === 'asked') {
    const { outcome } = fresh
    if (outcome.kind === 'found')
      return outcome.state.state === 'failed'
        ? { definite: true }
        : { definite: false, why: { key: 'retryGatewaySays', params: { state: outcome.state.state } } }
    if (outcome.kind === 'not_found') {
      const since = now - (payout.lastAttemptAt ?? 0)
      if (since >= settleMs) return { definite: true }
      return {
        definite: false,
        why: {
          key: 'retryTooSoon',
          params: { since: Math.ceil(since / 60_000), settle: Math.round(settleMs / 60_000) },
        },
      }
    }
  }
  // No answer now. Only the gateway's own refusal of the one request it got still counts: "rejected" is
  // what a create answered "no" to, and nothing was created. Not when a gateway ever spoke of the payout
  // as one it had (a person kept the ledger's "rejected" against it): then it may be paid there.
  if (payout.status === 'rejected' && payout.attempts === 1 && !payout.acknowledged) return { definite: true }
  return {
    definite: false,
    why: { key: 'retryNoAnswer', params: { cause: fresh.kind === 'unasked' ? fresh.cause : 'unreachable' } },
  }
}
