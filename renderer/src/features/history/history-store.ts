import { create } from 'zustand'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

const PAGE_SIZE = 100

interface HistoryState {
  rows: PayoutRow[]
  nextCursor: string | null
  loading: boolean
  loaded: boolean
  error: string | null
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

export const useHistory = create<HistoryState>((set, get) => ({
  rows: [],
  nextCursor: null,
  loading: false,
  loaded: false,
  error: null,
  reload: async () => {
    set({ loading: true, error: null })
    try {
      const page = await unwrap(window.api.listPayouts({ limit: PAGE_SIZE }))
      set({ rows: page.rows, nextCursor: page.nextCursor, loaded: true })
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ loading: false })
    }
  },
  loadMore: async () => {
    const { nextCursor, loading } = get()
    if (!nextCursor || loading) return
    set({ loading: true, error: null })
    try {
      const page = await unwrap(window.api.listPayouts({ limit: PAGE_SIZE, cursor: nextCursor }))
      set((s) => ({ rows: [...s.rows, ...page.rows], nextCursor: page.nextCursor }))
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ loading: false })
    }
  },
}))

/** Main pushes payoutsChanged whenever the ledger moves; the history follows without polling. */
export function followPayoutEvents(): () => void {
  return window.api.onPayoutsChanged(() => void useHistory.getState().reload())
}
