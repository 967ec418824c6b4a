import type { PostResult } from './http.ts'
import type { GatewayProblem } from './types.ts'

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
    case 'response':
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
