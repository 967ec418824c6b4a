import { Worker } from 'node:worker_threads'
import type { Ledger } from './open-ledger.ts'

/** SQLite's own default: the committing connection checkpoints once the log passes 1,000 pages. */
const AUTOCHECKPOINT_PAGES = 1000

/** The worker's entry name in the main build: out/main/checkpoint-worker.js, beside main's index.js. */
export const CHECKPOINT_WORKER_ENTRY = 'checkpoint-worker'

export interface Checkpointer {
  /** True once the worker has taken checkpoints over; false if it could not start. */
  started: Promise<boolean>
  /** Stops the worker and closes its connection; the ledger checkpoints itself again from here on. */
  stop(): Promise<void>
}

/**
 * Moves WAL checkpoints off the connection that writes payouts. With SQLite's default, the commit that
 * pushes the log past 1,000 pages also copies the whole log into the database file before it returns:
 * half of a 100,000-payout import's 0.27 s COMMIT, and a stall now and then in a send loop. Here a worker
 * thread does the copy on its own connection. If the worker cannot start or dies, the ledger goes back
 * to checkpointing itself, so the log can never grow without bound.
 */
export function startCheckpointer(
  db: Ledger,
  options: { workerPath: string; everyMs?: number; onError?: (error: unknown) => void },
): Checkpointer {
  const selfCheckpoint = () => db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  let stopping = false
  let worker: Worker
  try {
    worker = new Worker(options.workerPath, {
      workerData: { file: db.name, everyMs: options.everyMs ?? 1_000 },
    })
  } catch (error) {
    options.onError?.(error)
    return { started: Promise.resolve(false), stop: () => Promise.resolve() }
  }
  worker.on('error', (error) => options.onError?.(error))
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve))
  void exited.then((code) => {
    if (stopping || !db.open) return
    selfCheckpoint()
    options.onError?.(new Error(`the ledger checkpoint worker stopped (exit code ${code})`))
  })
  // Until the worker has its connection open ("ready"), the ledger keeps checkpointing itself.
  const started = new Promise<boolean>((resolve) => {
    worker.once('message', () => {
      if (!stopping && db.open) db.pragma('wal_autocheckpoint = 0')
      resolve(true)
    })
    void exited.then(() => resolve(false))
  })
  return {
    started,
    async stop() {
      if (!stopping) {
        stopping = true
        if (db.open) selfCheckpoint()
        worker.postMessage('stop')
      }
      await exited
    },
  }
}
