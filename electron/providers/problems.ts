import { validateFields, type FieldDef } from '../../shared/providers/fields.ts'
import { AppError } from '../errors.ts'
import type { PostResult } from './http.ts'
import type { CreateOutcome, GatewayProblem } from './types.ts'

/** When the answer itself is missing or unreadable. Said plainly; the raw exchange is in the audit trail. */
export function transportProblem(result: PostResult, gateway: string): GatewayProblem {
  switch (result.kind) {
    case 'timeout':
      return { reason: 'timeout', gatewayCode: 'timeout', message: `${gateway} did not answer in time.` }
    case 'network':
      return {
        reason: 'network',
        gatewayCode: 'network',
        message: `${gateway} could not be reached. Check the internet connection and the profile's address.`,
      }
    case 'unsent':
      return {
        reason: 'network',
        gatewayCode: 'unreachable',
        message: `${gateway} could not be reached (the connection was refused, or its address was not found), so nothing was sent. Check the internet connection and the profile's address.`,
      }
    case 'response':
      if (result.status >= 300 && result.status < 400)
        return {
          reason: 'gateway_error',
          gatewayCode: `HTTP ${result.status}`,
          message: `${gateway} answered with a redirect${result.location ? ` to ${result.location}` : ''} (HTTP ${result.status}). Payout Desk does not follow redirects, so the request went no further than the profile's address; check that address with your gateway.`,
        }
      return result.status >= 200 && result.status < 300
        ? {
            reason: 'malformed_response',
            gatewayCode: `HTTP ${result.status}`,
            message: `${gateway} sent an answer Payout Desk cannot read.`,
          }
        : {
            reason: 'gateway_error',
            gatewayCode: `HTTP ${result.status}`,
            message: `${gateway} answered with an error (HTTP ${result.status}).`,
          }
  }
}

/** After a create, any such problem means "we do not know": the status check decides, never a resend. */
export const IN_DOUBT_ADVICE =
  'The payout may or may not have been created; Payout Desk will check its status. Do not send it again.'

/**
 * A create that never left this computer (connection refused, no such host) is not in doubt: it is thrown
 * as UNREACHABLE, which the engine treats as not sent. Call right after the create's request.
 */
export function refuseUnsent(result: PostResult, gateway: string): void {
  if (result.kind === 'unsent')
    throw new AppError(
      'UNREACHABLE',
      { key: 'gatewayUnreachable', params: { gateway } },
      {
        cause: result.exchange.error,
      },
    )
}

/** A create whose answer we could not read: in doubt, with the advice not to resend. */
export function createInDoubt(result: PostResult, gateway: string): CreateOutcome {
  const problem = transportProblem(result, gateway)
  return {
    kind: 'unknown',
    ...problem,
    message: `${problem.message} ${IN_DOUBT_ADVICE}`,
    exchange: result.exchange,
  }
}

/** The gateway said "fine" but not what became of the payout: also in doubt. */
export function acceptedWithoutStatus(
  result: PostResult,
  gateway: string,
  gatewayCode: string,
): CreateOutcome {
  return {
    kind: 'unknown',
    reason: 'malformed_response',
    gatewayCode,
    message: `${gateway} accepted the request but did not say what happened. ${IN_DOUBT_ADVICE}`,
    exchange: result.exchange,
  }
}

/**
 * The clients re-check the fields they are given (the engine validated them already); a failure here
 * is thrown before any request leaves.
 */
export function requireValidFields(
  defs: readonly FieldDef[],
  fields: Readonly<Record<string, string>>,
  gateway: string,
): Record<string, string> {
  const checked = validateFields(defs, fields)
  if (checked.ok) return checked.values
  const named = checked.errors.map((e) => `${e.field}:${e.problem}`).join(',')
  throw new AppError('INVALID_INPUT', { key: 'fieldsNotValid', params: { gateway, fields: named } })
}
