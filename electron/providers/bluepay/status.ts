import type { GatewayReason } from '../../../shared/domain/gateway-reasons.ts'
import type { ErrorKey } from '../../../shared/messages/errors.ts'
import { problem } from '../problems.ts'
import type { GatewayProblem, GatewayState } from '../types.ts'

/** BluePay's API Code Collection (bluepay-api.md §5) and transaction statuses (§4). */
export const SUCCESS = 10000

export function bluepayState(
  status: string,
  failedCode: string | null,
  failedMessage: string | null,
): GatewayState {
  const base = { gatewayStatus: status, gatewayMessage: failedMessage, failureCode: failedCode }
  switch (status) {
    case 'PENDING':
      return { ...base, state: 'processing' }
    // The legacy API said COMPLETE; both mean the money arrived.
    case 'COMPLETED':
    case 'COMPLETE':
      return { ...base, state: 'succeeded' }
    case 'FAILED':
      return { ...base, state: 'failed' }
    default:
      return { ...base, state: 'needs_review' }
  }
}

type CodeMeaning =
  | { kind: 'rejected'; reason: GatewayReason; advice: ErrorKey }
  | { kind: 'exists' }
  | { kind: 'unknown'; reason: GatewayReason; advice: ErrorKey }

const rejected = (reason: GatewayReason, advice: ErrorKey): CodeMeaning => ({
  kind: 'rejected',
  reason,
  advice,
})

/** What a code means in answer to a transfer (create). Codes not listed here leave the payout in doubt. */
export const CREATE_CODES: Readonly<Record<number, CodeMeaning>> = {
  21000: { kind: 'unknown', reason: 'gateway_error', advice: 'gwServerError' },
  21001: rejected('bad_signature', 'gwBadKey'),
  21002: rejected('bad_request', 'gwFieldInvalid'),
  21003: rejected('bad_merchant', 'gwUnknownAppId'),
  21004: rejected('bad_merchant', 'gwMerchantUnavailable'),
  21005: rejected('channel_unavailable', 'gwChannelDisabled'),
  21007: { kind: 'exists' },
  21008: rejected('clock_skew', 'gwClock'),
  21009: rejected('clock_skew', 'gwExpired'),
  21010: rejected('amount_limit', 'gwAmountOverLimit'),
  21011: { kind: 'unknown', reason: 'gateway_error', advice: 'gwNetworkOnItsSide' },
  21012: rejected('bank_code', 'gwBankCode'),
  21013: rejected('bank_code', 'gwWalletCode'),
  21014: rejected('insufficient_balance', 'gwBalanceLow'),
  21015: { kind: 'exists' },
  21016: rejected('ip_forbidden', 'gwIpRefused'),
  21018: rejected('bank_code', 'gwTransferCode'),
  21019: rejected('bad_request', 'gwPayMethod'),
  21020: rejected('rate_limited', 'gwRateLimited'),
  21021: rejected('amount_limit', 'gwAmountInvalid'),
  21022: rejected('amount_limit', 'gwVolumeLimit'),
  21023: rejected('other', 'gwCreateFailed'),
  21027: rejected('rate_limited', 'gwCreationLimit'),
}

/**
 * Only the code table's "not found" (21006) lets a payout be sent again. The docs' check example answers
 * 21010 "transaction not found", but the table says 21010 is "amount exceeds limit": read as not found,
 * it could pay twice, so on a check it is inconclusive and the payout stays in doubt.
 */
export const NOT_FOUND_CODES: ReadonlySet<number> = new Set([21006])

/** BluePay's code and message beside the advice for it. */
export function problemFor(
  code: number,
  message: string,
  advice: ErrorKey,
  reason: GatewayReason,
): GatewayProblem {
  return problem(reason, String(code), {
    key: advice,
    params: { gateway: 'BluePay', code: String(code), said: message },
  })
}
