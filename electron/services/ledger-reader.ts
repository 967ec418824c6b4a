import { Worker } from 'node:worker_threads'
import { AppError } from '../errors.ts'
import type { IpcErrorCode } from '../../shared/ipc/result.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { READS, runRead, type LedgerReads, type ReadName, type SentError } from './read-ops.ts'
import type { SlowStatementLog } from '../ledger/slow-statements.ts'

/** The read worker's entry name in the main build: out/main/read-worker.js, beside main's index.js. */
export const READ_WORKER_ENTRY = 'read-worker'

/** After this many deaths in one run the worker is not started again: main's connection answers. */
const MAX_STARTS = 3

export interface LedgerReaderOptions {
  /** electron/services/read-worker.ts, or its built .js; null reads on main's connection (the CLI). */
  workerPath: string | null
  /** A worker that could not start or died: the reads it held were answered on main's connection. */
  onError?: (error: unknown) => void
  /** The worker's slow statements, for main's log. */
  onSlow?: SlowStatementLog
}

export interface LedgerReader {
  reads: LedgerReads
  /** The running worker, if any (for tests and diagnostics). */
  worker(): Worker | null
  /** How many reads main's connection answered because no worker could. */
  fallbacks(): number
  stop(): Promise<void>
}

interface Pending {
  name: ReadName
  args: unknown[]
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

function received(error: SentError): Error {
  if (error.code && error.text) return new AppError(error.code as IpcErrorCode, error.text as ErrorText)
  const rebuilt = new Error(error.message)
  rebuilt.name = error.name
  if (error.stack) rebuilt.stack = error.stack
  return rebuilt
}

/**
 * Ledger reads off the main thread, as Signal Desktop does: one worker with a read-only connection answers
 * the heavy reads (READS) in order, so main's event loop (the window, the send queue, the gateways'
 * answers) is never stopped by them. The writer stays on main with its short IMMEDIATE transactions.
 * No read is ever lost: one the worker held when it died is answered on main's connection, the error
 * logged, and the next read starts a new worker (up to MAX_STARTS; after that main answers them all).
 */
export function createLedgerReader(db: Ledger, options: LedgerReaderOptions): LedgerReader {
  const pending = new Map<number, Pending>()
  let nextId = 1
  let worker: Worker | null = null
  let exited: Promise<void> = Promise.resolve()
  let starts = 0
  let stopped = false
  let fallbacks = 0

  const onMain = (p: Pending) => {
    fallbacks++
    try {
      p.resolve(runRead(db, p.name, p.args))
    } catch (error) {
      p.reject(error)
    }
  }

  const start = (): Worker | null => {
    if (!options.workerPath || stopped || starts >= MAX_STARTS || !db.open) return null
    starts++
    let w: Worker
    try {
      w = new Worker(options.workerPath, { workerData: { file: db.name } })
    } catch (error) {
      options.onError?.(error)
      return null
    }
    w.on('message', (message: unknown) => {
      if (message === 'ready') return
      const m = message as { slow?: { name: string; ms: number }; id?: number; ok?: boolean; value?: unknown }
      if (m.slow) {
        options.onSlow?.(m.slow)
        return
      }
      const p = m.id === undefined ? undefined : pending.get(m.id)
      if (!p || m.id === undefined) return
      pending.delete(m.id)
      if (m.ok) p.resolve(m.value)
      else p.reject(received((message as { error: SentError }).error))
    })
    w.on('error', (error) => options.onError?.(error))
    exited = new Promise((resolve) =>
      w.once('exit', (code) => {
        if (worker === w) worker = null
        const held = [...pending.values()]
        pending.clear()
        if (!stopped || held.length > 0)
          options.onError?.(
            new Error(
              `the ledger read worker stopped (exit code ${code}); ${held.length} read(s) it held were answered on the main connection`,
            ),
          )
        // Never lost: what the worker held is answered here, on main's own connection.
        for (const p of held) {
          if (db.open) onMain(p)
          else p.reject(new AppError('INTERNAL', { key: 'internal' }))
        }
        resolve()
      }),
    )
    return w
  }

  const call = (name: ReadName, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const p: Pending = { name, args, resolve, reject }
      worker ??= start()
      if (!worker) return onMain(p)
      const id = nextId++
      pending.set(id, p)
      try {
        worker.postMessage({ id, name, args })
      } catch (error) {
        // Arguments that cannot cross a thread (never the window's: they are parsed JSON) read here.
        pending.delete(id)
        options.onError?.(error)
        onMain(p)
      }
    })

  const reads = Object.fromEntries(
    (Object.keys(READS) as ReadName[]).map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as LedgerReads

  return {
    reads,
    worker: () => worker,
    fallbacks: () => fallbacks,
    async stop() {
      stopped = true
      const w = worker
      if (w) w.postMessage('stop')
      await exited
    },
  }
}
