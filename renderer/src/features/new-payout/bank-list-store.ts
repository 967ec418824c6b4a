import { create } from 'zustand'
import type { BankListView } from '../../../../shared/ipc/import-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

interface BankListState {
  byProfile: Record<string, BankListView>
  error: string | null
  load: (profileId: string) => Promise<void>
  /** The person's own list from their gateway (CSV or XLSX with a "code" column). */
  importList: (profileId: string) => Promise<void>
}

export const useBankLists = create<BankListState>((set) => ({
  byProfile: {},
  error: null,
  load: async (profileId) => {
    try {
      const list = await unwrap(window.api.getBankList({ profileId }))
      set((s) => ({ byProfile: { ...s.byProfile, [profileId]: list } }))
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  importList: async (profileId) => {
    try {
      const list = await unwrap(window.api.importBankList({ profileId }))
      if (list) set((s) => ({ byProfile: { ...s.byProfile, [profileId]: list }, error: null }))
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
}))
