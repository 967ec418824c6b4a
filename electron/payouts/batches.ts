import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { Engine } from './engine.ts'
import { idsWithStatus } from '../ledger/payout-store.ts'
import { startSending, type SendProgress, type SendRun } from './send-queue.ts'
import { batchState, setBatchState, type BatchState } from '../ledger/batches-repo.ts'

export interface BatchProgress extends SendProgress {
  batchId: string
  /** As a run sees it: an interrupted batch is not being sent, so its run never says so. */
  state: Exclude<BatchState, 'interrupted' | 'importing'>
}

export interface BatchRunnerOptions {
  db: Ledger
  engine: Engine
  /** Waits for in-doubt recovery before anything of the batch leaves. */
  ready: Promise<void>
  concurrency?: number
  perProfilePerSecond?: number
  onProgress?: (progress: BatchProgress) => void
  onFinished?: (progress: BatchProgress) => void
  onError?: (id: string, error: unknown) => void
}

/**
 * One send run per batch at a time. Starting a batch again after a crash sends only what is still
 * queued; what was in flight was settled by recovery (asked about, never re-sent under a new reference).
 */
export function createBatchRunner(options: BatchRunnerOptions) {
  const { db, engine } = options
  const runs = new Map<string, SendRun>()
  /** Each run's bookkeeping after it ends (its batch's final state), awaited before the ledger closes. */
  const settling = new Set<Promise<unknown>>()
  let stopped = false

  const progressOf = (batchId: string, p: SendProgress): BatchProgress => ({
    ...p,
    batchId,
    state: p.cancelled
      ? 'cancelled'
      : p.done === p.total && p.inFlight === 0
        ? 'done'
        : p.paused
          ? 'paused'
          : 'sending',
  })

  function run(batchId: string): SendRun {
    // Quitting: a Send, Resume or release arriving now starts nothing; the batch stays as it is.
    if (stopped) throw new AppError('CONFLICT', { key: 'appClosing' })
    const existing = runs.get(batchId)
    if (existing) return existing
    // Every door starts a batch here: a half-written import is refused whichever asked.
    const before = batchState(db, batchId)
    if (before === 'importing') throw new AppError('INVALID_INPUT', { key: 'batchStillWriting' })
    if (before === 'cancelled') throw new AppError('INVALID_INPUT', { key: 'batchCancelled' })
    const ids = idsWithStatus(db, ['queued'], batchId)
    setBatchState(db, batchId, 'sending')
    const sendRun = startSending(ids, {
      db,
      engine,
      concurrency: options.concurrency,
      perProfilePerSecond: options.perProfilePerSecond,
      onError: options.onError,
      onProgress: (p) => options.onProgress?.(progressOf(batchId, p)),
    })
    runs.set(batchId, sendRun)
    const settled = sendRun.done.then((p) => {
      runs.delete(batchId)
      const final = progressOf(batchId, p)
      // Done only when none of its payouts waits in the queue (one refused before it left goes back
      // there): otherwise it stays paused if a person paused it, or interrupted for resume to finish.
      const left = idsWithStatus(db, ['queued'], batchId).length
      // Cancelled from another door (the command line) while this run went on: it stays cancelled.
      const cancelledElsewhere = batchState(db, batchId) === 'cancelled'
      setBatchState(
        db,
        batchId,
        final.state === 'cancelled' || cancelledElsewhere
          ? 'cancelled'
          : left === 0
            ? 'done'
            : final.state === 'paused'
              ? 'paused'
              : 'interrupted',
      )
      // A run stopped by quitting has not finished: nobody is told "sent" of a batch still queued.
      if (!stopped)
        options.onFinished?.(left > 0 && final.state === 'done' ? { ...final, state: 'paused' } : final)
    })
    // A run that failed past its own handling is reported, never left as an unhandled rejection.
    const tracked = settled.catch((error: unknown) => options.onError?.(batchId, error))
    settling.add(tracked)
    void tracked.finally(() => settling.delete(tracked))
    return sendRun
  }

  /** Acts on a running batch; null when it is not running (finished, or never started). */
  const control = (batchId: string, act: (run: SendRun) => void, state: BatchState | null) => {
    const r = runs.get(batchId)
    if (!r) return null
    act(r)
    if (state) setBatchState(db, batchId, state)
    return progressOf(batchId, r.progress())
  }

  return {
    async start(batchId: string): Promise<BatchProgress> {
      await options.ready
      return progressOf(batchId, run(batchId).progress())
    },
    pause: (batchId: string) => control(batchId, (r) => r.pause(), 'paused'),
    resume: (batchId: string) => control(batchId, (r) => r.resume(), 'sending'),
    // The run itself marks the batch cancelled once its in-flight payouts have settled.
    cancel: (batchId: string) => control(batchId, (r) => r.cancel(), null),
    running: (batchId: string) => runs.has(batchId),
    /**
     * Quitting: every run stops taking payouts, what is in flight finishes and is written, and the rest
     * stays queued (the batch is left interrupted, or paused if a person paused it). Resolves when no run
     * can touch the ledger any more, so it may close.
     */
    async stopAll(): Promise<void> {
      stopped = true
      const stopping = [...runs.values()].map((r) => {
        r.halt()
        return r.done.catch(() => null)
      })
      await Promise.all(stopping)
      await Promise.all([...settling])
    },
    /** Resolves when the batch's current run has finished (for tests and quitting). */
    finished: (batchId: string) => runs.get(batchId)?.done ?? Promise.resolve(null),
  }
}

export type BatchRunner = ReturnType<typeof createBatchRunner>
