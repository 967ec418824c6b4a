import type { GatewayReason } from '../../../shared/domain/gateway-reasons.ts'
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
  | { kind: 'rejected'; reason: GatewayReason; advice: string }
  | { kind: 'exists' }
  | { kind: 'unknown'; reason: GatewayReason; advice: string }

const rejected = (reason: GatewayReason, advice: string): CodeMeaning => ({
  kind: 'rejected',
  reason,
  advice,
})

/** What a code means in answer to a transfer (create). Codes not listed here leave the payout in doubt. */
export const CREATE_CODES: Readonly<Record<number, CodeMeaning>> = {
  21000: { kind: 'unknown', reason: 'gateway_error', advice: 'BluePay reported a server error.' },
  21001: rejected(
    'bad_signature',
    'BluePay says the signature is wrong. Check the private key in Settings → Profiles, and that BluePay has its public half.',
  ),
  21002: rejected('bad_request', 'BluePay says a field is not valid. Check the beneficiary details.'),
  21003: rejected('bad_merchant', 'BluePay does not recognise the appId. Check it in Settings → Profiles.'),
  21004: rejected('bad_merchant', 'BluePay says the merchant account is unavailable. Contact BluePay.'),
  21005: rejected(
    'channel_unavailable',
    'This pay method is not enabled for your BluePay account. Check the pay method and transfer code, or ask BluePay.',
  ),
  21007: { kind: 'exists' },
  21008: rejected(
    'clock_skew',
    "BluePay refused the request's time. Check that this computer's clock is right.",
  ),
  21009: rejected(
    'clock_skew',
    "BluePay says the request expired. Check that this computer's clock is right.",
  ),
  21010: rejected('amount_limit', 'The amount is over the limit BluePay allows for this payout.'),
  21011: {
    kind: 'unknown',
    reason: 'gateway_error',
    advice: 'BluePay reported a network error on its side.',
  },
  21012: rejected(
    'bank_code',
    'BluePay does not recognise the bank code. Check the transfer code against your BluePay channel list.',
  ),
  21013: rejected(
    'bank_code',
    'BluePay does not recognise the wallet code. Check the transfer code against your BluePay channel list.',
  ),
  21014: rejected(
    'insufficient_balance',
    'Your BluePay balance is too low for this payout. Top up, then send it again.',
  ),
  21015: { kind: 'exists' },
  21016: rejected(
    'ip_forbidden',
    "BluePay refused this computer's address. Ask BluePay to allow your IP address.",
  ),
  21018: rejected(
    'bank_code',
    'BluePay does not recognise the transfer code. Check it against your BluePay channel list.',
  ),
  21019: rejected(
    'bad_request',
    'BluePay does not accept this pay method. Choose BANK, PROMPTPAY or EWALLET as your account allows.',
  ),
  21020: rejected(
    'rate_limited',
    'BluePay is limiting how fast payouts are sent. Wait a minute, then send again.',
  ),
  21021: rejected('amount_limit', 'BluePay says the amount is not valid.'),
  21022: rejected('amount_limit', 'BluePay says the volume limit is reached.'),
  21023: rejected('other', 'BluePay could not create the payout.'),
  21027: rejected('rate_limited', 'BluePay says the creation limit is reached. Try again later.'),
}

/**
 * Only the code table's "not found" (21006) lets a payout be sent again. The docs' check example answers
 * 21010 "transaction not found", but the table says 21010 is "amount exceeds limit": read as not found,
 * it could pay twice, so on a check it is inconclusive and the payout stays in doubt.
 */
export const NOT_FOUND_CODES: ReadonlySet<number> = new Set([21006])

export function problemFor(
  code: number,
  message: string,
  advice: string,
  reason: GatewayReason,
): GatewayProblem {
  return {
    reason,
    gatewayCode: String(code),
    message: `${advice} (BluePay ${code}${message ? `: ${message}` : ''})`,
  }
}
