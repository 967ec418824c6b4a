import { randomUUID } from 'node:crypto'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { Engine } from './engine.ts'
import { idsWithStatus } from './payout-store.ts'
import { startSending, type SendProgress, type SendRun } from './send-queue.ts'
import { prepared } from '../ledger/statements.ts'

export type BatchState = 'draft' | 'sending' | 'paused' | 'cancelled' | 'done'

export interface BatchProgress extends SendProgress {
  batchId: string
  state: BatchState
}

export function createBatch(
  db: Ledger,
  profileId: string,
  fileName: string | null,
  fileSha256: string | null,
  now = Date.now(),
): string {
  const id = randomUUID()
  prepared(
    db,
    `INSERT INTO batches (id, profile_id, file_name, file_sha256, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
  ).run(id, profileId, fileName, fileSha256, now, now)
  return id
}

function setState(db: Ledger, batchId: string, state: BatchState): void {
  prepared(db, 'UPDATE batches SET state = ?, updated_at = ? WHERE id = ?').run(state, Date.now(), batchId)
}

export function batchState(db: Ledger, batchId: string): BatchState | null {
  return (
    (prepared(db, 'SELECT state FROM batches WHERE id = ?').pluck().get(batchId) as BatchState | undefined) ??
    null
  )
}

/**
 * Batches a crash (or a quit) interrupted: with payouts still queued, whether their sending was marked
 * started (sending, paused) or not yet (draft: confirmed, then the process died before it started).
 */
export function interruptedBatches(db: Ledger): string[] {
  return prepared(
    db,
    `SELECT DISTINCT b.id FROM batches b JOIN payouts p ON p.batch_id = b.id
       WHERE b.state IN ('draft', 'sending', 'paused') AND p.status = 'queued' ORDER BY b.created_at`,
  )
    .pluck()
    .all() as string[]
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
    const existing = runs.get(batchId)
    if (existing) return existing
    const ids = idsWithStatus(db, ['queued'], batchId)
    setState(db, batchId, 'sending')
    const sendRun = startSending(ids, {
      db,
      engine,
      concurrency: options.concurrency,
      perProfilePerSecond: options.perProfilePerSecond,
      onError: options.onError,
      onProgress: (p) => options.onProgress?.(progressOf(batchId, p)),
    })
    runs.set(batchId, sendRun)
    void sendRun.done.then((p) => {
      runs.delete(batchId)
      const final = progressOf(batchId, p)
      // Done only when none of its payouts waits in the queue (one refused before it left goes back
      // there): otherwise it stays paused, and resume finds what is left.
      const left = idsWithStatus(db, ['queued'], batchId).length
      setState(db, batchId, final.state === 'cancelled' ? 'cancelled' : left > 0 ? 'paused' : 'done')
      options.onFinished?.(left > 0 && final.state === 'done' ? { ...final, state: 'paused' } : final)
    })
    return sendRun
  }

  /** Acts on a running batch; null when it is not running (finished, or never started). */
  const control = (batchId: string, act: (run: SendRun) => void, state: BatchState | null) => {
    const r = runs.get(batchId)
    if (!r) return null
    act(r)
    if (state) setState(db, batchId, state)
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
    /** Resolves when the batch's current run has finished (for tests and quitting). */
    finished: (batchId: string) => runs.get(batchId)?.done ?? Promise.resolve(null),
  }
}

export type BatchRunner = ReturnType<typeof createBatchRunner>
