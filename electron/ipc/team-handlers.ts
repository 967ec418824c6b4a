import type { Services } from '../services/create-services.ts'
import { approveShown, waitingForApproval } from '../team/team-approvals.ts'
import { connectTeam, forgetTeam, teamConnectionView, teamLedgerUrl } from '../team/team-connection.ts'
import type { Handlers } from './dispatch.ts'

type TeamChannels =
  'getTeamConnection' | 'connectTeam' | 'forgetTeam' | 'listTeamApprovals' | 'approveTeamPayouts'

/**
 * Settings → Team and the owner's approvals. PostgreSQL decides who may approve what (an owner, never her
 * own, only what is still as shown); the window names exactly the payouts and the total it showed.
 */
export function teamHandlers(services: Services): Pick<Handlers, TeamChannels> {
  const { ledger, secrets } = services
  return {
    getTeamConnection: () => teamConnectionView(ledger, secrets),
    connectTeam: (input) => connectTeam(ledger, secrets, input),
    forgetTeam: () => forgetTeam(ledger, secrets),
    listTeamApprovals: async () => waitingForApproval(await teamLedgerUrl(ledger, secrets)),
    approveTeamPayouts: async ({ ids, totalMinor }) => ({
      approved: await approveShown(await teamLedgerUrl(ledger, secrets), ids, totalMinor),
    }),
  }
}
