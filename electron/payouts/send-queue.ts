import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { Engine } from './engine.ts'
import { loadPayout } from '../ledger/payout-store.ts'
import { cancelUnsent } from './cancel-unsent.ts'

export interface SendProgress {
  total: number
  /** Sent (whatever the answer) or cancelled. */
  done: number
  inFlight: number
  paused: boolean
  cancelled: boolean
  byStatus: Partial<Record<PayoutStatus, number>>
}

export interface SendQueueOptions {
  db: Ledger
  engine: Engine
  concurrency?: number
  /** Most create requests per second to one profile (gateways rate-limit; BluePay says so with 21020). */
  perProfilePerSecond?: number
  onProgress?: (progress: SendProgress) => void
  onError?: (id: string, error: unknown) => void
}

export interface SendRun {
  pause(): void
  resume(): void
  /** Stops what has not been sent: those payouts become cancelled. What is in flight finishes. */
  cancel(): void
  /**
   * Stops taking payouts, for quitting: what is in flight finishes, the rest stays queued (for the next
   * start or `resume`), and `done` settles once nothing is in flight, so the ledger can close after it.
   */
  halt(): void
  progress(): SendProgress
  done: Promise<SendProgress>
}

/**
 * Sends queued payouts with bounded concurrency and a per-profile pace. Cancelling never pretends to
 * cancel what already left: only payouts still queued are marked cancelled.
 */
export function startSending(ids: readonly string[], options: SendQueueOptions): SendRun {
  const { db, engine } = options
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const spacingMs = 1000 / Math.max(0.1, options.perProfilePerSecond ?? 10)
  const pending = [...ids]
  const nextSlot = new Map<string, number>()
  const state = { done: 0, inFlight: 0, paused: false, cancelled: false }
  let halted = false
  const byStatus: Partial<Record<PayoutStatus, number>> = {}
  const sleepers: (() => void)[] = []
  /** Taken from the queue but still queued afterwards: its send could not begin, or was refused first. */
  const backInQueue: string[] = []

  const progress = (): SendProgress => ({ total: ids.length, ...state, byStatus: { ...byStatus } })
  const report = () => options.onProgress?.(progress())
  const nudge = () => {
    for (const wake of sleepers.splice(0)) wake()
  }
  const count = (status: PayoutStatus) => (byStatus[status] = (byStatus[status] ?? 0) + 1)

  async function paced(profileId: string): Promise<void> {
    const at = Math.max(Date.now(), nextSlot.get(profileId) ?? 0)
    nextSlot.set(profileId, at + spacingMs)
    const wait = at - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }

  async function worker(): Promise<void> {
    for (;;) {
      while (state.paused && !state.cancelled && !halted) await new Promise<void>((r) => sleepers.push(r))
      const id = state.cancelled || halted ? undefined : pending.shift()
      if (id === undefined) return
      const payout = loadPayout(db, id)
      if (!payout || payout.status !== 'queued') {
        state.done++
        if (payout) count(payout.status)
        report()
        continue
      }
      await paced(payout.profileId)
      // Paused or quitting while it waited its turn: it never left, so it goes back to the head of the line.
      if (halted || (state.paused && !state.cancelled)) {
        pending.unshift(id)
        continue
      }
      state.inFlight++
      try {
        count(state.cancelled ? cancelOne(id) : await engine.send(id))
      } catch (error) {
        options.onError?.(id, error)
        count(loadPayout(db, id)?.status ?? 'queued')
      } finally {
        if (loadPayout(db, id)?.status === 'queued') backInQueue.push(id)
        state.inFlight--
        state.done++
        report()
      }
    }
  }

  const cancelOne = (id: string): PayoutStatus => cancelUnsent(db, id) ?? 'cancelled'

  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    // Left in line only by a cancel or a halt: a cancel cancels them, a halt leaves them queued.
    if (state.cancelled)
      for (const id of pending.splice(0)) {
        count(cancelOne(id))
        state.done++
      }
    // Cancel means none of it leaves later: a payout that went back to the queue (its send could not
    // begin) is cancelled too, not left to be paid by the next start of a cancelled batch.
    if (state.cancelled)
      for (const id of backInQueue.splice(0))
        if (cancelOne(id) === 'cancelled') {
          if (!(byStatus.queued = (byStatus.queued ?? 1) - 1)) delete byStatus.queued
          count('cancelled')
        }
    report()
    return progress()
  })

  return {
    pause: () => {
      state.paused = true
      report()
    },
    resume: () => {
      state.paused = false
      nudge()
      report()
    },
    cancel: () => {
      state.cancelled = true
      nudge()
    },
    halt: () => {
      halted = true
      nudge()
    },
    progress,
    done,
  }
}
