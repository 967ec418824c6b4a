import { create } from 'zustand'
import type {
  TeamApprovals,
  TeamConnectionView,
  TeamWaitingPayout,
} from '../../../../shared/ipc/team-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

/**
 * What waits for approval, as one Approve names it: the payouts of one file (its batch), or one payout
 * written on its own. One profile, one currency and one kind of money per group, so its total means
 * something.
 */
export interface ApprovalGroup {
  key: string
  batchId: string | null
  profile: string
  environment: 'sandbox' | 'production'
  currency: TeamWaitingPayout['currency']
  payouts: TeamWaitingPayout[]
  totalMinor: number
  preparedBy: string[]
}

export function approvalGroups(payouts: readonly TeamWaitingPayout[]): ApprovalGroup[] {
  const groups = new Map<string, TeamWaitingPayout[]>()
  for (const p of payouts) {
    const key = p.batchId ? `${p.batchId} ${p.profile} ${p.currency} ${p.environment}` : p.id
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  return [...groups].map(([key, members]) => {
    const first = members[0] as TeamWaitingPayout
    return {
      key,
      batchId: first.batchId,
      profile: first.profile,
      environment: first.environment,
      currency: first.currency,
      payouts: members,
      totalMinor: members.reduce((sum, p) => sum + p.amountMinor, 0),
      preparedBy: [...new Set(members.map((p) => p.preparedBy))],
    }
  })
}

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
