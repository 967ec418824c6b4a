import { DISAGREEMENT_REASONS, type AttentionReason } from '../../shared/domain/attention.ts'
import { isFinalStatus, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { AttentionSide } from '../../shared/ipc/attention-contract.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import type { GatewayState, ReportedAmount } from '../providers/types.ts'
import type { EnginePayout, Observation } from './payout-store.ts'

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
    amountMinor: answer.amountMinor,
    amountText: answer.amountText,
    gatewayId: answer.gatewayId,
    at: now,
    source: answer.source,
  }
  const hold = (reason: AttentionReason, message: string): AnswerDecision => ({
    // An open payout whose amount is in question is held in Needs review; a final one keeps its state.
    to: isFinalStatus(payout.status) ? payout.status : 'needs_review',
    attention: {
      reason,
      detail: { gateway: side, ledger: ledgerSide(payout), gatewayState: answer.state.state },
    },
    observation: { ...base, lastError: message, checkFailures: step },
    step,
  })

  if (payout.attention && DISAGREEMENT_REASONS.has(payout.attention)) {
    return {
      to: payout.status,
      attention: undefined,
      observation: {
        ...base,
        lastError: `Waiting for your decision; the gateway now says ${answer.state.gatewayStatus}.`,
        checkFailures: step,
      },
      step,
    }
  }
  const sent = minorToDecimalString(payout.amountMinor, payout.currency)
  if (answer.amountText !== null && answer.amountText !== payout.amountRuling) {
    if (answer.amountMinor === null)
      return hold(
        'amount_unreadable',
        `The gateway reports the amount as "${answer.amountText}", which cannot be read for certain (the ledger sent ${payout.currency} ${sent}). Check this payout with the gateway.`,
      )
    if (answer.amountMinor !== payout.amountMinor)
      return hold(
        'amount_mismatch',
        `The gateway reports ${payout.currency} ${minorToDecimalString(answer.amountMinor, payout.currency)} instead of ${sent}. Check this payout with the gateway.`,
      )
  }
  const said = answer.state.state
  if (isFinalStatus(payout.status)) {
    if (payout.status === 'succeeded' && said === 'failed')
      return hold(
        'reversal',
        `The gateway now reports this paid payout as failed (${answer.state.gatewayStatus}). Check with the gateway whether the money came back.`,
      )
    const neverPaid = payout.status !== 'succeeded'
    const gatewayHasIt = said === 'processing' || said === 'needs_review'
    if (
      (neverPaid && said === 'succeeded') ||
      ((payout.status === 'rejected' || payout.status === 'cancelled') && gatewayHasIt)
    )
      return hold(
        'contradiction',
        `The gateway reports ${answer.state.gatewayStatus} for a payout the ledger has as ${payout.status}. Check it with the gateway before paying it again.`,
      )
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
        lastError: `The gateway answered with a status Payout Desk does not know (${answer.state.gatewayStatus}).`,
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
