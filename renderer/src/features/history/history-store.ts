import { create } from 'zustand'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { RefreshSummary } from '../../../../shared/ipc/payouts-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

const PAGE_SIZE = 100

export interface HistoryFilters {
  statuses: PayoutStatus[]
  search: string
}

interface HistoryState {
  filters: HistoryFilters
  checking: boolean
  lastCheck: RefreshSummary | null
  setFilters: (filters: Partial<HistoryFilters>) => void
  checkPending: () => Promise<void>
  rows: PayoutRow[]
  nextCursor: string | null
  loading: boolean
  loaded: boolean
  error: string | null
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

let generation = 0

const query = (f: HistoryFilters) => ({
  limit: PAGE_SIZE,
  ...(f.statuses.length ? { statuses: f.statuses } : {}),
  ...(f.search.trim() ? { search: f.search.trim() } : {}),
})

export const useHistory = create<HistoryState>((set, get) => ({
  filters: { statuses: [], search: '' },
  checking: false,
  lastCheck: null,
  setFilters: (filters) => {
    set((s) => ({ filters: { ...s.filters, ...filters } }))
    void get().reload()
  },
  checkPending: async () => {
    set({ checking: true, error: null })
    try {
      set({ lastCheck: await unwrap(window.api.refreshPayouts({ allPending: true })) })
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ checking: false })
    }
  },
  rows: [],
  nextCursor: null,
  loading: false,
  loaded: false,
  error: null,
  reload: async () => {
    // Typing in the search box reloads often; only the latest answer may fill the table.
    const mine = ++generation
    set({ loading: true, error: null })
    try {
      const page = await unwrap(window.api.listPayouts(query(get().filters)))
      if (mine === generation) set({ rows: page.rows, nextCursor: page.nextCursor, loaded: true })
    } catch (error) {
      if (mine === generation) set({ error: errorMessage(error) })
    } finally {
      if (mine === generation) set({ loading: false })
    }
  },
  loadMore: async () => {
    const { nextCursor, loading } = get()
    if (!nextCursor || loading) return
    set({ loading: true, error: null })
    try {
      const page = await unwrap(window.api.listPayouts({ ...query(get().filters), cursor: nextCursor }))
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
