import { create } from 'zustand'
import type { AwaitingRelease, Released } from '../../../../shared/ipc/recipients-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

interface ReleaseState {
  awaiting: AwaitingRelease[]
  error: string | null
  load: () => Promise<void>
  /**
   * The passphrase is an argument, never state: it goes to main in this one call and is forgotten here.
   * Resolves to what was released, or to main's plain refusal.
   */
  release: (
    group: AwaitingRelease,
    passphrase: string,
  ) => Promise<{ ok: true; released: Released } | { ok: false; message: string }>
  cancel: (group: AwaitingRelease) => Promise<string | null>
}

/** How main names a held group: its batch, or the single payouts in it. */
export const heldOf = (g: AwaitingRelease) =>
  g.batchId ? { batchId: g.batchId } : { payoutIds: g.payoutIds }

/** One key per group, stable while it waits. */
export const groupKey = (g: AwaitingRelease) => g.batchId ?? g.payoutIds.join(',')

export const useRelease = create<ReleaseState>((set, get) => ({
  awaiting: [],
  error: null,
  load: async () => {
    try {
      set({ awaiting: await unwrap(window.api.listAwaitingRelease()), error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  release: async (group, passphrase) => {
    try {
      const released = await unwrap(
        window.api.releasePayouts({
          profileId: group.profileId,
          held: heldOf(group),
          passphrase,
          reviewHash: group.reviewHash,
        }),
      )
      await get().load()
      return { ok: true, released }
    } catch (error) {
      // A refusal may mean the group changed since it was shown: show it as it now stands.
      await get().load()
      return { ok: false, message: errorMessage(error) }
    }
  },
  cancel: async (group) => {
    try {
      await unwrap(window.api.cancelAwaitingRelease({ profileId: group.profileId, held: heldOf(group) }))
      await get().load()
      return null
    } catch (error) {
      return errorMessage(error)
    }
  },
}))
