import { create } from 'zustand'
import type { DashboardView } from '../../../../shared/ipc/history-contract.ts'
import { freshBalance, type ShownBalance } from '../../api/balance.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

interface DashboardState {
  view: DashboardView | null
  error: string | null
  /** Per profile: the last balance answer, with why it could not be refreshed. */
  balances: Record<string, ShownBalance>
  refreshingBalance: string | null
  load: () => Promise<void>
  refreshBalance: (profileId: string) => Promise<void>
}

/** Today and the 29 local days before it, and the start of this week (Monday), in the window's zone. */
export function localDays(now = new Date()) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  const dayStarts = Array.from({ length: 30 }, (_, i) =>
    new Date(today.getFullYear(), today.getMonth(), today.getDate() - (29 - i)).getTime(),
  )
  const sinceMonday = (today.getDay() + 6) % 7
  const weekStart = new Date(today.getFullYear(), today.getMonth(), today.getDate() - sinceMonday).getTime()
  return { dayStarts, weekStart }
}

export const useDashboard = create<DashboardState>((set, get) => ({
  view: null,
  error: null,
  balances: {},
  refreshingBalance: null,
  load: async () => {
    try {
      set({ view: await unwrap(window.api.getDashboard(localDays())), error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  refreshBalance: async (profileId) => {
    set({ refreshingBalance: profileId })
    try {
      const result = await freshBalance(profileId)
      set((s) => ({ balances: { ...s.balances, [profileId]: result } }))
      await get().load()
    } catch (error) {
      set((s) => ({
        balances: { ...s.balances, [profileId]: { balance: null, problem: errorMessage(error) } },
      }))
    } finally {
      set({ refreshingBalance: null })
    }
  },
}))
