import { create } from 'zustand'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

type Phase = 'edit' | 'confirm' | 'sent'

interface NewPayoutState {
  profileId: string | null
  amountText: string
  fields: Record<string, string>
  /** Problems are shown once a field was touched or a review was asked for. */
  touched: Record<string, boolean>
  showAll: boolean
  /** Counts refused reviews, so the form can move focus to the first problem each time. */
  refusedReviews: number
  phase: Phase
  sending: boolean
  error: string | null
  sent: PayoutRow | null
  setProfile: (id: string | null) => void
  setAmount: (text: string) => void
  setField: (key: string, value: string) => void
  touch: (key: string) => void
  review: (valid: boolean) => void
  back: () => void
  send: () => Promise<void>
  follow: () => Promise<void>
  refresh: () => Promise<void>
  startOver: () => void
}

const blank = {
  amountText: '',
  fields: {},
  touched: {},
  showAll: false,
  refusedReviews: 0,
  phase: 'edit' as Phase,
  error: null,
  sent: null,
}

export const useNewPayout = create<NewPayoutState>((set, get) => ({
  profileId: null,
  sending: false,
  ...blank,
  setProfile: (profileId) => set({ ...blank, profileId }),
  setAmount: (amountText) => set({ amountText }),
  setField: (key, value) => set((s) => ({ fields: { ...s.fields, [key]: value } })),
  touch: (key) => set((s) => ({ touched: { ...s.touched, [key]: true } })),
  review: (valid) =>
    set((s) =>
      valid ? { phase: 'confirm', error: null } : { showAll: true, refusedReviews: s.refusedReviews + 1 },
    ),
  back: () => set({ phase: 'edit' }),
  send: async () => {
    const { profileId, amountText, fields } = get()
    if (!profileId) return
    set({ sending: true, error: null })
    try {
      const created = await unwrap(window.api.createPayout({ profileId, amount: amountText, fields }))
      set({ phase: 'sent', sent: await unwrap(window.api.getPayout({ id: created.id })) })
    } catch (error) {
      // Main refused it (its checks are the final word): back to the form, nothing was sent.
      set({ phase: 'edit', error: errorMessage(error) })
    } finally {
      set({ sending: false })
    }
  },
  follow: async () => {
    const sent = get().sent
    if (!sent) return
    try {
      set({ sent: await unwrap(window.api.getPayout({ id: sent.id })) })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  refresh: async () => {
    const sent = get().sent
    if (!sent) return
    try {
      await unwrap(window.api.refreshPayouts({ ids: [sent.id] }))
      await get().follow()
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  startOver: () => set({ ...blank }),
}))

/** The status card follows main's pushes for the payout just sent. */
export function followNewPayoutEvents(): () => void {
  return window.api.onPayoutsChanged(({ ids }) => {
    const sent = useNewPayout.getState().sent
    if (sent && ids.includes(sent.id)) void useNewPayout.getState().follow()
  })
}
