import { create } from 'zustand'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { RecipientDetail, RecipientView } from '../../../../shared/ipc/recipients-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

export interface RecipientEdit {
  name: string
  mobile: string
  email: string
  note: string
}

interface RecipientsState {
  profileId: string | null
  search: string
  includeArchived: boolean
  list: RecipientView[]
  loading: boolean
  error: string | null
  /** The recipient whose page is open, with their payouts as rows. */
  openId: string | null
  detail: RecipientDetail | null
  payouts: PayoutRow[]
  detailError: string | null
  setFilter: (filter: Partial<Pick<RecipientsState, 'profileId' | 'search' | 'includeArchived'>>) => void
  load: () => Promise<void>
  open: (id: string | null) => Promise<void>
  /** Resolves to an error message for the form, or null when saved. */
  save: (edit: RecipientEdit) => Promise<string | null>
  setArchived: (archived: boolean) => Promise<void>
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim())

export const useRecipients = create<RecipientsState>((set, get) => {
  let asked = 0
  const refreshOpen = async (id: string) => {
    const detail = await unwrap(window.api.getRecipient({ id }))
    const payouts = await Promise.all(detail.payoutIds.map((p) => unwrap(window.api.getPayout({ id: p }))))
    if (get().openId === id) set({ detail, payouts, detailError: null })
  }
  return {
    profileId: null,
    search: '',
    includeArchived: false,
    list: [],
    loading: false,
    error: null,
    openId: null,
    detail: null,
    payouts: [],
    detailError: null,
    setFilter: (filter) => {
      set(filter)
      void get().load()
    },
    load: async () => {
      const { profileId, search, includeArchived } = get()
      const mine = ++asked
      set({ loading: true })
      try {
        const list = await unwrap(
          window.api.listRecipients({
            ...(profileId ? { profileId } : {}),
            ...(search.trim() ? { search: search.trim() } : {}),
            includeArchived,
          }),
        )
        // Typing fast sends several searches: only the last one's answer is shown.
        if (mine === asked) set({ list, error: null, loading: false })
      } catch (error) {
        if (mine === asked) set({ error: errorMessage(error), loading: false })
      }
    },
    open: async (openId) => {
      set({ openId, detail: null, payouts: [], detailError: null })
      if (!openId) {
        await get().load()
        return
      }
      try {
        await refreshOpen(openId)
      } catch (error) {
        set({ detailError: errorMessage(error) })
      }
    },
    save: async (edit) => {
      const id = get().openId
      if (!id) return null
      try {
        await unwrap(
          window.api.saveRecipient({
            id,
            name: edit.name.trim(),
            mobile: orNull(edit.mobile),
            email: orNull(edit.email),
            note: orNull(edit.note),
          }),
        )
        await refreshOpen(id)
        return null
      } catch (error) {
        return errorMessage(error)
      }
    },
    setArchived: async (archived) => {
      const id = get().openId
      if (!id) return
      try {
        await unwrap(window.api.archiveRecipient({ id, archived }))
        await refreshOpen(id)
      } catch (error) {
        set({ detailError: errorMessage(error) })
      }
    },
  }
})
