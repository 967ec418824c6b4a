import { create } from 'zustand'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { BatchSummary, HistorySort } from '../../../../shared/ipc/history-contract.ts'
import type { RefreshSummary } from '../../../../shared/ipc/payouts-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

const PAGE_SIZE = 200

export interface HistoryFilters {
  statuses: PayoutStatus[]
  search: string
  profileId: string | null
  batchId: string | null
  /** yyyy-mm-dd in the window's time zone, as a date input gives it; '' = open. */
  from: string
  to: string
  minAmount: string
  maxAmount: string
  sort: HistorySort
}

export const NO_FILTERS: HistoryFilters = {
  statuses: [],
  search: '',
  profileId: null,
  batchId: null,
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
  sort: 'newest',
}

interface HistoryState {
  filters: HistoryFilters
  checking: boolean
  lastCheck: RefreshSummary | null
  selected: Set<string>
  /** The payout whose detail drawer is open. */
  openId: string | null
  batches: BatchSummary[]
  exported: { path: string; count: number } | null
  setFilters: (filters: Partial<HistoryFilters>) => void
  toggle: (id: string) => void
  clearSelection: () => void
  open: (id: string | null) => void
  checkPending: () => Promise<void>
  checkSelected: () => Promise<void>
  exportView: () => Promise<void>
  loadBatches: () => Promise<void>
  rows: PayoutRow[]
  nextCursor: string | null
  loading: boolean
  loaded: boolean
  error: string | null
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

let generation = 0

/** Local midnight of a yyyy-mm-dd, plus `days`. */
const localDay = (text: string, days = 0) => {
  const [y, m, d] = text.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days).getTime()
}

/** The filter as main takes it: the same object pages the table and is exported. */
export const filterQuery = (f: HistoryFilters) => ({
  sort: f.sort,
  ...(f.statuses.length ? { statuses: f.statuses } : {}),
  ...(f.search.trim() ? { search: f.search.trim() } : {}),
  ...(f.profileId ? { profileId: f.profileId } : {}),
  ...(f.batchId ? { batchId: f.batchId } : {}),
  ...(f.from ? { from: localDay(f.from) } : {}),
  // "To 3 June" includes the whole of 3 June.
  ...(f.to ? { to: localDay(f.to, 1) } : {}),
  ...(f.minAmount.trim() ? { minAmount: f.minAmount.trim() } : {}),
  ...(f.maxAmount.trim() ? { maxAmount: f.maxAmount.trim() } : {}),
})

export const useHistory = create<HistoryState>((set, get) => {
  const refresh = async (request: () => ReturnType<typeof window.api.refreshPayouts>) => {
    set({ checking: true, error: null })
    try {
      set({ lastCheck: await unwrap(request()) })
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ checking: false })
    }
  }
  return {
    filters: NO_FILTERS,
    checking: false,
    lastCheck: null,
    selected: new Set(),
    openId: null,
    batches: [],
    exported: null,
    setFilters: (filters) => {
      set((s) => ({ filters: { ...s.filters, ...filters }, selected: new Set() }))
      void get().reload()
    },
    toggle: (id) =>
      set((s) => {
        const selected = new Set(s.selected)
        if (!selected.delete(id)) selected.add(id)
        return { selected }
      }),
    clearSelection: () => set({ selected: new Set() }),
    open: (openId) => set({ openId }),
    checkPending: () => refresh(() => window.api.refreshPayouts({ allPending: true })),
    checkSelected: () =>
      refresh(() => window.api.refreshPayouts({ ids: [...get().selected].slice(0, 1_000) })),
    exportView: async () => {
      try {
        const saved = await unwrap(window.api.exportPayouts(filterQuery(get().filters)))
        if (saved.savedTo) set({ exported: { path: saved.savedTo, count: saved.count } })
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },
    loadBatches: async () => {
      try {
        set({ batches: await unwrap(window.api.listBatches()) })
      } catch (error) {
        set({ error: errorMessage(error) })
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
        // Keep as many rows as are on screen, so a change pushed by main does not yank the scroll back.
        const limit = Math.min(500, Math.max(PAGE_SIZE, get().rows.length))
        const page = await unwrap(window.api.listPayouts({ ...filterQuery(get().filters), limit }))
        if (mine === generation) set({ rows: page.rows, nextCursor: page.nextCursor, loaded: true })
      } catch (error) {
        if (mine === generation) set({ error: errorMessage(error), loaded: true })
      } finally {
        if (mine === generation) set({ loading: false })
      }
    },
    loadMore: async () => {
      const { nextCursor, loading } = get()
      if (!nextCursor || loading) return
      const mine = generation
      set({ loading: true, error: null })
      try {
        const page = await unwrap(
          window.api.listPayouts({ ...filterQuery(get().filters), limit: PAGE_SIZE, cursor: nextCursor }),
        )
        if (mine === generation)
          set((s) => ({ rows: [...s.rows, ...page.rows], nextCursor: page.nextCursor }))
      } catch (error) {
        set({ error: errorMessage(error) })
      } finally {
        set({ loading: false })
      }
    },
  }
})
