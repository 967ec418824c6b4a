import type { GatewayReason } from '../../../shared/domain/gateway-reasons.ts'
import type { GatewayProblem, GatewayState } from '../types.ts'

/**
 * Vexora's codes (vexora-api.md §3). The payout's fate is only ever read from `data.status`; the top-level
 * `code` says whether the *request* worked: 0000 yes, 8000 refused, 5000 "platform exception — do not mark
 * failed". Anything we do not recognise goes to a person, never to "failed".
 */
export const TOP_OK = '0000'
export const TOP_REFUSED = '8000'
export const TOP_SYSTEM_ERROR = '5000'

export function vexoraState(status: string, message: string | null): GatewayState {
  const base = { gatewayStatus: status, gatewayMessage: message, failureCode: null }
  switch (status) {
    case '0015':
      return { ...base, state: 'processing' }
    case '0000':
      return { ...base, state: 'succeeded' }
    case '00029':
      return { ...base, state: 'failed', failureCode: status }
    default:
      return { ...base, state: 'needs_review' }
  }
}

// The docs publish no finer codes than 8000; the reason is in `msg`. These readings only choose the
// advice shown to the person; the raw message is always kept beside it.
const REFUSAL_HINTS: [RegExp, GatewayReason, string][] = [
  [
    /sign/i,
    'bad_signature',
    'Vexora says the signature is wrong. Check the app secret in Settings → Profiles.',
  ],
  [
    /merchant|mid\b/i,
    'bad_merchant',
    'Vexora does not recognise this merchant number. Check it in Settings → Profiles.',
  ],
  [
    /timestamp|expired|time/i,
    'clock_skew',
    "Vexora refused the request's time. Check that this computer's clock is right.",
  ],
  [
    /balance/i,
    'insufficient_balance',
    'Your Vexora balance is too low for this payout. Top up, then send it again.',
  ],
  [
    /amount|limit|minimum|maximum/i,
    'amount_limit',
    'Vexora refused the amount. Check the minimum and maximum for this area.',
  ],
  [/bank/i, 'bank_code', 'Vexora refused the bank code. Check it against your Vexora bank list.'],
  [
    /ip\b|whitelist/i,
    'ip_forbidden',
    "Vexora refused this computer's address. Ask Vexora to allow your IP address.",
  ],
]

export const DUPLICATE_HINT = /duplicate|already exist|repeat/i

export function refusal(message: string): GatewayProblem {
  for (const [pattern, reason, advice] of REFUSAL_HINTS) {
    if (pattern.test(message))
      return { reason, gatewayCode: TOP_REFUSED, message: `${advice} (Vexora: ${message})` }
  }
  return {
    reason: 'bad_request',
    gatewayCode: TOP_REFUSED,
    message: `Vexora refused the payout: ${message || 'no reason given'}. Check the beneficiary details.`,
  }
}
