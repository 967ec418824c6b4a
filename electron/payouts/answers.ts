import type { ErrorText } from '../../shared/messages/errors.ts'
import { storeText } from '../../shared/messages/stored-text.ts'
import { DISAGREEMENT_REASONS, type AttentionReason } from '../../shared/domain/attention.ts'
import { isFinalStatus, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { AttentionSide } from '../../shared/ipc/attention-contract.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import type { CreateOutcome, GatewayState, QueryOutcome, ReportedAmount } from '../providers/types.ts'
import type { EnginePayout, Observation } from '../ledger/payout-store.ts'

/** Waits between status checks of a payout that is not final yet; reset whenever its status changes. */
const CHECK_DELAYS_MS = [3_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000]
export const nextCheckDelay = (step: number): number =>
  CHECK_DELAYS_MS[Math.min(step, CHECK_DELAYS_MS.length - 1)] ?? 1_800_000

/** What a gateway said about a payout's fate: in a create's answer, a status check or a callback. */
export interface Answer extends ReportedAmount {
  source: 'create' | 'query' | 'callback'
  state: GatewayState
  gatewayId: string | null
}

export interface AnswerDecision {
  to: PayoutStatus
  attention: Observation['attention']
  observation: Pick<
    Observation,
    'gatewayId' | 'gatewayStatus' | 'gatewayMessage' | 'lastError' | 'checkFailures'
  >
  /** Backoff step for the next check: 0 when something moved. */
  step: number
}

const ledgerSide = (p: EnginePayout): AttentionSide => ({
  status: p.status,
  meaning: p.status,
  amountMinor: p.amountMinor,
  amountText: minorToDecimalString(p.amountMinor, p.currency),
  gatewayId: p.gatewayId,
  at: null,
  source: 'ledger',
})

/**
 * Decides what one gateway answer does to the ledger. No answer is dropped: one that disagrees with
 * what the ledger holds (another amount, an amount that cannot be read, a final answer against a final
 * state) is raised to a person with both sides, and the ledger does not flip by itself. Once a person is
 * asked about a disagreement, later answers are recorded but wait for their decision.
 */
export function judgeAnswer(payout: EnginePayout, answer: Answer, now: number): AnswerDecision {
  const base = {
    gatewayId: answer.gatewayId,
    gatewayStatus: answer.state.gatewayStatus,
    gatewayMessage: answer.state.gatewayMessage,
  }
  const step = answer.state.state === payout.status ? payout.checkFailures + 1 : 0
  const side: AttentionSide = {
    status: answer.state.gatewayStatus,
    meaning: answer.state.state,
    amountMinor: answer.amountMinor,
    amountText: answer.amountText,
    gatewayId: answer.gatewayId,
    at: now,
    source: answer.source,
  }
  const hold = (reason: AttentionReason, note: ErrorText): AnswerDecision => ({
    // An open payout whose amount is in question is held in Needs review; a final one keeps its state.
    to: isFinalStatus(payout.status) ? payout.status : 'needs_review',
    attention: {
      reason,
      detail: { gateway: side, ledger: ledgerSide(payout), gatewayState: answer.state.state },
    },
    observation: { ...base, lastError: storeText(note), checkFailures: step },
    step,
  })

  if (payout.attention && DISAGREEMENT_REASONS.has(payout.attention)) {
    return {
      to: payout.status,
      attention: undefined,
      observation: {
        ...base,
        lastError: storeText({ key: 'noteWaitingDecision', params: { status: answer.state.gatewayStatus } }),
        checkFailures: step,
      },
      step,
    }
  }
  const sent = minorToDecimalString(payout.amountMinor, payout.currency)
  if (answer.amountText !== null && answer.amountText !== payout.amountRuling) {
    if (answer.amountMinor === null)
      return hold('amount_unreadable', {
        key: 'noteAmountUnreadable',
        params: { said: answer.amountText, currency: payout.currency, sent },
      })
    if (answer.amountMinor !== payout.amountMinor)
      return hold('amount_mismatch', {
        key: 'noteAmountMismatch',
        params: {
          said: minorToDecimalString(answer.amountMinor, payout.currency),
          currency: payout.currency,
          sent,
        },
      })
  }
  const said = answer.state.state
  if (isFinalStatus(payout.status)) {
    if (payout.status === 'succeeded' && said === 'failed')
      return hold('reversal', { key: 'noteReversal', params: { status: answer.state.gatewayStatus } })
    const neverPaid = payout.status !== 'succeeded'
    const gatewayHasIt = said === 'processing' || said === 'needs_review'
    if (
      (neverPaid && said === 'succeeded') ||
      ((payout.status === 'rejected' || payout.status === 'cancelled') && gatewayHasIt)
    )
      return hold('contradiction', {
        key: 'noteContradiction',
        params: { status: answer.state.gatewayStatus, ledger: payout.status },
      })
    // A late "pending" or a repeat: nothing moves but the last-checked time.
    return { to: payout.status, attention: undefined, observation: { ...base, checkFailures: step }, step }
  }
  if (said === 'needs_review')
    return {
      to: said,
      attention: {
        reason: 'unknown_status',
        detail: { gateway: side, ledger: null, gatewayState: 'needs_review' },
      },
      observation: {
        ...base,
        lastError: storeText({ key: 'noteUnknownStatus', params: { status: answer.state.gatewayStatus } }),
        checkFailures: step,
      },
      step,
    }
  // A clear answer settles what only doubt had raised (in doubt, not found, a refused re-send).
  return {
    to: said,
    attention: payout.attention ? null : undefined,
    observation: { ...base, lastError: null, checkFailures: step },
    step,
  }
}

/**
 * A create refused. Final only when this was the one and only attempt and nothing else was heard of
 * it: a refused re-send says nothing about the attempt before it, which may still be paid.
 */
export function judgeRefusal(
  claimed: EnginePayout,
  current: EnginePayout,
  outcome: Extract<CreateOutcome, { kind: 'rejected' }>,
  now: number,
): Observation {
  const base = { source: 'create' as const, reason: outcome.reason, gatewayStatus: outcome.gatewayCode }
  if (isFinalStatus(current.status)) {
    // The ledger already knows the outcome (a callback or a check settled it while this request was
    // out): a refusal of a request says nothing about a payout the gateway reported, so it is kept in
    // the timeline as an observation and changes nothing. Raising it could only invite a person to mark
    // a paid payout refused, and Retry to pay it again.
    return { ...base, to: 'rejected', lastError: storeText(outcome.note), nextCheckAt: null }
  }
  if (claimed.attempts === 1 && current.attempts === 1)
    return { ...base, to: 'rejected', lastError: storeText(outcome.note), nextCheckAt: null }
  return {
    ...base,
    to: 'unknown',
    lastError: storeText({
      key: 'noteResendRefused',
      params: { said: outcome.gatewayCode ?? outcome.reason },
    }),
    attention: { reason: 'resend_refused', detail: { gateway: null, ledger: null } },
    nextCheckAt: now + nextCheckDelay(1),
  }
}

export type RefreshResult =
  | { kind: 'updated'; status: PayoutStatus }
  | { kind: 'inconclusive'; status: PayoutStatus; reason: string; note: ErrorText }
  | { kind: 'skipped'; status: PayoutStatus }

/**
 * A status check that did not find the payout ("not found") or got no answer. "Not found" is only
 * "not yet" within the settle period after the last send; after it, a payout the gateway never
 * confirmed is re-sent (same reference) at most `maxResends` times; then, and for a Vexora payout that no
 * check can settle, a person is asked. Either way the payout keeps a next check.
 */
export function judgeMissingAnswer(
  current: EnginePayout,
  outcome: Exclude<QueryOutcome, { kind: 'found' }>,
  now: number,
  rules: { settleMs: number; maxResends: number },
): { observation: Observation; resend: boolean; result: RefreshResult } {
  const sinceAttempt = now - (current.lastAttemptAt ?? current.createdAt)
  const unsent = current.status === 'unknown' || current.status === 'submitting'
  const failures = current.checkFailures + 1
  const base = { source: 'query' as const, checked: true }
  if (outcome.kind === 'not_found' && !current.acknowledged && unsent) {
    if (sinceAttempt < rules.settleMs) {
      const note: ErrorText = { key: 'noteNotShownYet' }
      return {
        observation: {
          ...base,
          to: 'unknown',
          reason: 'not_found',
          lastError: storeText(note),
          checkFailures: failures,
          nextCheckAt: (current.lastAttemptAt ?? now) + rules.settleMs,
        },
        resend: false,
        result: { kind: 'inconclusive', status: 'unknown', reason: 'not_found', note },
      }
    }
    if (current.resends < rules.maxResends)
      return {
        observation: {
          ...base,
          to: 'unknown',
          reason: 'not_found',
          lastError: storeText({ key: 'noteResending' }),
          resends: current.resends + 1,
          nextCheckAt: now,
        },
        resend: true,
        result: { kind: 'updated', status: 'unknown' },
      }
  }
  const reason = outcome.kind === 'not_found' ? 'not_found' : outcome.reason
  const note: ErrorText =
    outcome.kind === 'not_found'
      ? { key: current.acknowledged ? 'noteConfirmedThenGone' : 'noteStillMissing' }
      : outcome.note
  // Left mid-send by a run that is gone (the caller holds the lease, so no request of it is in flight).
  const to: PayoutStatus = current.status === 'submitting' ? 'unknown' : current.status
  const raise =
    outcome.kind === 'not_found'
      ? 'not_found'
      : to === 'unknown' && sinceAttempt >= rules.settleMs
        ? 'in_doubt'
        : null
  return {
    observation: {
      ...base,
      to,
      reason,
      lastError: storeText(note),
      checkFailures: failures,
      // A payout that waits for a person is still asked about now and then, in case the gateway knows.
      attention:
        raise && !current.attention ? { reason: raise, detail: { gateway: null, ledger: null } } : undefined,
      nextCheckAt: now + nextCheckDelay(failures),
    },
    resend: false,
    result: { kind: 'inconclusive', status: to, reason, note },
  }
}
