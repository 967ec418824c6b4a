import { validateFields, type FieldDef } from '../../shared/providers/fields.ts'
import type { GatewayReason } from '../../shared/domain/gateway-reasons.ts'
import { wordError, type ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import type { PostResult } from './http.ts'
import type { CreateOutcome, GatewayProblem } from './types.ts'

/** A problem with what to do, as a key each door words; `message` is its English wording, for logs. */
export function problem(reason: GatewayReason, gatewayCode: string | null, note: ErrorText): GatewayProblem {
  return { reason, gatewayCode, note, message: wordError(note, 'en') }
}

/** When the answer itself is missing or unreadable. Said plainly; the raw exchange is in the audit trail. */
export function transportProblem(result: PostResult, gateway: string): GatewayProblem {
  switch (result.kind) {
    case 'timeout':
      return problem('timeout', 'timeout', { key: 'gwTimeout', params: { gateway } })
    case 'network':
      return problem('network', 'network', { key: 'gwNetwork', params: { gateway } })
    case 'unsent':
      return problem('network', 'unreachable', { key: 'gatewayUnreachable', params: { gateway } })
    case 'response': {
      const status = result.status
      if (status >= 300 && status < 400)
        return problem('gateway_error', `HTTP ${status}`, {
          key: 'gwRedirect',
          params: { gateway, status, location: result.location ?? '' },
        })
      return status >= 200 && status < 300
        ? problem('malformed_response', `HTTP ${status}`, { key: 'gwUnreadable', params: { gateway } })
        : problem('gateway_error', `HTTP ${status}`, { key: 'gwHttpError', params: { gateway, status } })
    }
  }
}

/** After a create, any such problem means "we do not know": the status check decides, never a resend. */
const inDoubt = (found: GatewayProblem): GatewayProblem =>
  problem(found.reason, found.gatewayCode, {
    key: found.note.key,
    params: { ...found.note.params, inDoubt: 1 },
  })

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
  return { kind: 'unknown', ...inDoubt(transportProblem(result, gateway)), exchange: result.exchange }
}

/** The gateway said "fine" but not what became of the payout: also in doubt. */
export function acceptedWithoutStatus(
  result: PostResult,
  gateway: string,
  gatewayCode: string,
): CreateOutcome {
  return {
    kind: 'unknown',
    ...problem('malformed_response', gatewayCode, {
      key: 'gwAcceptedNoStatus',
      params: { gateway, inDoubt: 1 },
    }),
    exchange: result.exchange,
  }
}

/** A create the gateway answered in a way that may or may not have made the payout. */
export const unknownCreate = (reason: GatewayReason, gatewayCode: string, note: ErrorText): GatewayProblem =>
  inDoubt(problem(reason, gatewayCode, note))

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
