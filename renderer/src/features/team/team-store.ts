import { create } from 'zustand'
import type { TeamApprovals, TeamConnectionView } from '../../../../shared/ipc/team-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import type { ApprovalGroup } from './approval-groups.ts'

interface TeamState {
  connection: TeamConnectionView | null
  approvals: TeamApprovals | null
  error: string | null
  loadConnection: () => Promise<void>
  /** The password is an argument, never state: it goes to main in this one call and is forgotten here. */
  connect: (server: string, login: string, password: string) => Promise<string | null>
  forget: () => Promise<void>
  loadApprovals: () => Promise<void>
  /** Approves exactly the group as shown; resolves to main's plain refusal, or null once approved. */
  approve: (group: ApprovalGroup) => Promise<string | null>
}

export const useTeam = create<TeamState>((set, get) => ({
  connection: null,
  approvals: null,
  error: null,
  loadConnection: async () => {
    try {
      set({ connection: await unwrap(window.api.getTeamConnection()), error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  connect: async (server, login, password) => {
    try {
      set({ connection: await unwrap(window.api.connectTeam({ server, login, password })), error: null })
      return null
    } catch (error) {
      return errorMessage(error)
    }
  },
  forget: async () => {
    try {
      set({ connection: await unwrap(window.api.forgetTeam()), approvals: null, error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  loadApprovals: async () => {
    const connection = get().connection ?? (await unwrap(window.api.getTeamConnection()).catch(() => null))
    if (!connection?.server) {
      set({ connection, approvals: null })
      return
    }
    try {
      set({ connection, approvals: await unwrap(window.api.listTeamApprovals()), error: null })
    } catch (error) {
      set({ connection, error: errorMessage(error) })
    }
  },
  approve: async (group) => {
    try {
      await unwrap(
        window.api.approveTeamPayouts({ ids: group.payouts.map((p) => p.id), totalMinor: group.totalMinor }),
      )
      return null
    } catch (error) {
      return errorMessage(error)
    } finally {
      // Approved or refused (another owner came first, a payout was added): show what waits now.
      await get().loadApprovals()
    }
  },
}))
