import { create } from 'zustand'
import type { AttentionAction } from '../../../../shared/domain/attention.ts'
import type { AttentionItem, ResolvedAttention } from '../../../../shared/ipc/attention-contract.ts'
import type { CreatedPayout } from '../../../../shared/ipc/payouts-contract.ts'
import { ApiError, errorMessage, unwrap } from '../../api/call.ts'
import { throttled } from '../../api/throttled.ts'

/** A decision as the person asked for it: the item as they saw it (its version), and what they wrote. */
export interface Decision {
  item: AttentionItem
  action: AttentionAction
  note: string
  gatewayId: string
}

/**
 * The last thing a decision led to, shown above the list (the item itself may have left it): what main
 * answered, or why it refused; and after "mark as not sent", the payout it was paid again as.
 */
export type Outcome =
  | { kind: 'done'; item: AttentionItem; action: AttentionAction; result: ResolvedAttention }
  /** `moved`: the payout changed since the person looked, or is being checked right now. */
  | { kind: 'refused'; item: AttentionItem; message: string; moved: boolean }
  | { kind: 'retried'; item: AttentionItem; created: CreatedPayout }
  | { kind: 'retryFailed'; item: AttentionItem; message: string }

interface AttentionState {
  items: AttentionItem[]
  count: number
  loaded: boolean
  error: string | null
  /** The team ledger's queue could not be read (its items are then missing from the list). */
  teamProblem: string | null
  busy: boolean
  outcome: Outcome | null
  load: () => Promise<void>
  decide: (decision: Decision) => Promise<void>
  payAgain: (item: AttentionItem) => Promise<void>
  clearOutcome: () => void
}

export const useAttention = create<AttentionState>((set, get) => ({
  items: [],
  count: 0,
  loaded: false,
  error: null,
  teamProblem: null,
  busy: false,
  outcome: null,
  load: async () => {
    try {
      const list = await unwrap(window.api.listAttention())
      const team = await teamItems()
      set({
        items: [...list.items, ...team.items],
        count: list.count + team.items.length,
        loaded: true,
        error: null,
        teamProblem: team.problem,
      })
    } catch (error) {
      set({ error: errorMessage(error), loaded: true })
    }
  },
  decide: async ({ item, action, note, gatewayId }) => {
    if (get().busy) return
    set({ busy: true })
    try {
      // A team payout's decision is written on the team ledger, as this person.
      const resolve = item.book === 'team' ? window.api.resolveTeamAttention : window.api.resolveAttention
      const result = await unwrap(
        resolve({
          payoutId: item.id,
          action,
          version: item.version,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(action === 'paid' && gatewayId.trim() ? { gatewayId: gatewayId.trim() } : {}),
        }),
      )
      set({ outcome: { kind: 'done', item, action, result } })
    } catch (error) {
      // Whatever the refusal, the list is loaded anew: the person decides on what is true now.
      const moved = error instanceof ApiError && error.code === 'CONFLICT'
      set({ outcome: { kind: 'refused', item, message: errorMessage(error), moved } })
    } finally {
      set({ busy: false })
      await get().load()
    }
  },
  payAgain: async (item) => {
    if (get().busy) return
    set({ busy: true })
    try {
      // A team payout is paid again on the team ledger, by this desk (which must hold its secret).
      const retry = item.book === 'team' ? window.api.retryTeamPayout : window.api.retryPayout
      const created = await unwrap(retry({ id: item.id }))
      set({ outcome: { kind: 'retried', item, created } })
    } catch (error) {
      set({ outcome: { kind: 'retryFailed', item, message: errorMessage(error) } })
    } finally {
      set({ busy: false })
    }
  },
  clearOutcome: () => set({ outcome: null }),
}))

/** The team ledger's queue, once this desk is connected to one; its problem apart from the desk's own. */
async function teamItems(): Promise<{ items: AttentionItem[]; problem: string | null }> {
  const connection = await unwrap(window.api.getTeamConnection()).catch(() => null)
  if (!connection?.server) return { items: [], problem: null }
  try {
    return { items: await unwrap(window.api.listTeamAttention()), problem: null }
  } catch (error) {
    return { items: [], problem: errorMessage(error) }
  }
}

/** The queue and its count (the navigation's badge) follow main's pushes, gathered into few reloads. */
export function followAttentionEvents(): () => void {
  void useAttention.getState().load()
  return window.api.onPayoutsChanged(throttled(() => void useAttention.getState().load()))
}
