import type { GatewayReason } from '../../../shared/domain/gateway-reasons.ts'
import type { ErrorKey } from '../../../shared/messages/errors.ts'
import { problem } from '../problems.ts'
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
const REFUSAL_HINTS: [RegExp, GatewayReason, ErrorKey][] = [
  [/sign/i, 'bad_signature', 'gwBadSecret'],
  [/merchant|mid\b/i, 'bad_merchant', 'gwUnknownMerchantNo'],
  [/timestamp|expired|time/i, 'clock_skew', 'gwClock'],
  [/balance/i, 'insufficient_balance', 'gwBalanceLow'],
  [/amount|limit|minimum|maximum/i, 'amount_limit', 'gwAmountRefused'],
  [/bank/i, 'bank_code', 'gwBankCodeList'],
  [/ip\b|whitelist/i, 'ip_forbidden', 'gwIpRefused'],
]

export const DUPLICATE_HINT = /duplicate|already exist|repeat/i

export function refusal(message: string): GatewayProblem {
  const said = { gateway: 'Vexora', said: message }
  for (const [pattern, reason, key] of REFUSAL_HINTS) {
    if (pattern.test(message)) return problem(reason, TOP_REFUSED, { key, params: said })
  }
  return problem('bad_request', TOP_REFUSED, { key: 'gwRefusedPayout', params: said })
}
