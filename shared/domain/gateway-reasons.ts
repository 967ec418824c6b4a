/**
 * Why a gateway refused or could not answer, in one vocabulary for both gateways, so the window can say it
 * in the person's language and the raw gateway code goes in a details line.
 */
export const GATEWAY_REASONS = [
  'bad_signature',
  'bad_request',
  'bad_merchant',
  'channel_unavailable',
  'clock_skew',
  'amount_limit',
  'bank_code',
  'insufficient_balance',
  'ip_forbidden',
  'rate_limited',
  'duplicate_reference',
  'not_found',
  'gateway_error',
  'timeout',
  'network',
  'malformed_response',
  'other',
] as const

export type GatewayReason = (typeof GATEWAY_REASONS)[number]
