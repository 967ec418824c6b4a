import { create } from 'zustand'
import { acknowledgedOf } from '../../../../shared/domain/approval-notes.ts'
import type {
  TeamApprovals,
  TeamConnectionView,
  TeamProfileView,
  TeamSecretKept,
  TeamRefreshed,
  TeamSent,
} from '../../../../shared/ipc/team-contract.ts'
import { ApiError, errorMessage, unwrap } from '../../api/call.ts'
import type { IpcResult } from '../../../../shared/ipc/result.ts'
import type { ProfileDraft } from '../profiles/profiles-store.ts'
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
  /** Refuses exactly the group as shown (an owner's): never paid. Resolves to main's refusal, or null. */
  refuse: (group: ApprovalGroup) => Promise<string | null>
  profiles: TeamProfileView[]
  loadProfiles: () => Promise<void>
  /** The secret is an argument, never state: it goes to main's keychain in this one call. */
  keepSecret: (
    profileId: string,
    secret: string,
    /** An owner's answer to "this is not the team's secret": it replaces it. */
    replace?: boolean,
  ) => Promise<{ ok: true; kept: TeamSecretKept } | { ok: false; message: string; replaceAsked: boolean }>
  /** An owner's: adds a team profile (with its secret) or changes one. Resolves to main's refusal, or null. */
  saveProfile: (draft: ProfileDraft) => Promise<string | null>
  /**
   * An owner's: a team profile's limits as typed, over those the form showed (`shown`: refused if they
   * changed since). Resolves to main's refusal, or null.
   */
  setLimits: (
    shown: TeamProfileView,
    perPayout: string,
    perDay: string,
    timeZone: string,
  ) => Promise<string | null>
  send: () => Promise<{ ok: true; sent: TeamSent } | { ok: false; message: string }>
  refresh: () => Promise<{ ok: true; refreshed: TeamRefreshed } | { ok: false; message: string }>
}

/**
 * An owner's approval or refusal of what she was shown: main's plain refusal, or null once done. Done or
 * refused (another owner came first, a payout was added), what waits is shown as it is now.
 */
async function decided(
  get: () => TeamState,
  call: () => Promise<IpcResult<unknown>>,
): Promise<string | null> {
  try {
    await unwrap(call())
    return null
  } catch (error) {
    return errorMessage(error)
  } finally {
    await get().loadApprovals()
    await get().loadProfiles()
  }
}

export const useTeam = create<TeamState>((set, get) => ({
  connection: null,
  approvals: null,
  error: null,
  profiles: [],
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
      set({ connection: await unwrap(window.api.forgetTeam()), approvals: null, profiles: [], error: null })
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
  approve: (group) =>
    decided(get, () =>
      window.api.approveTeamPayouts({
        ids: group.payouts.map((p) => p.id),
        totalMinor: group.totalMinor,
        acknowledged: acknowledgedOf(group.payouts),
      }),
    ),
  refuse: (group) =>
    decided(get, () =>
      window.api.refuseTeamPayouts({ ids: group.payouts.map((p) => p.id), totalMinor: group.totalMinor }),
    ),
  loadProfiles: async () => {
    if (!get().connection?.server) return
    try {
      set({ profiles: await unwrap(window.api.listTeamProfiles()) })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  keepSecret: async (profileId, secret, replace) => {
    try {
      const kept = await unwrap(
        window.api.setTeamSecret({ profileId, secret, ...(replace ? { replace } : {}) }),
      )
      await get().loadProfiles()
      return { ok: true, kept }
    } catch (error) {
      const replaceAsked = error instanceof ApiError && error.key === 'teamSecretReplaceAsk'
      return { ok: false, message: errorMessage(error), replaceAsked }
    }
  },
  saveProfile: async (draft) => {
    try {
      await unwrap(window.api.saveTeamProfile(draft))
      return null
    } catch (error) {
      return errorMessage(error)
    } finally {
      // Saved or refused (another owner changed it since the form opened): show what is there now.
      await get().loadProfiles()
    }
  },
  setLimits: async (shown, perPayout, perDay, timeZone) => {
    try {
      await unwrap(
        window.api.setTeamLimits({
          profileId: shown.id,
          perPayout,
          perDay,
          timeZone,
          shown: {
            perPayoutMinor: shown.perPayoutMinor,
            perDayMinor: shown.perDayMinor,
            timeZone: shown.timeZone,
          },
        }),
      )
      await get().loadProfiles()
      return null
    } catch (error) {
      return errorMessage(error)
    }
  },
  send: async () => {
    try {
      const sent = await unwrap(window.api.sendTeamPayouts())
      return { ok: true, sent }
    } catch (error) {
      return { ok: false, message: errorMessage(error) }
    } finally {
      await get().loadProfiles()
    }
  },
  refresh: async () => {
    try {
      return { ok: true, refreshed: await unwrap(window.api.refreshTeamPayouts()) }
    } catch (error) {
      return { ok: false, message: errorMessage(error) }
    } finally {
      await get().loadProfiles()
    }
  },
}))
