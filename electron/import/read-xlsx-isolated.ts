import type { ErrorText } from '../../shared/messages/errors.ts'
import { Worker } from 'node:worker_threads'
import { AppError } from '../errors.ts'
import type { RawSheet } from './read-xlsx.ts'
import { XLSX_WORKER_ENTRY } from './xlsx-worker-entry.ts'
import { checkedWorkbookParts } from './xlsx-zip.ts'

/** Heap the XLSX reader may use: 100,000 rows fit; a workbook that needs more is refused, not read. */
export const XLSX_READER_HEAP_MB = 512

// From source (CLI, tests) the worker is the .ts beside this file; in the built app, the entry beside index.js.
const workerUrl = () =>
  import.meta.url.endsWith('.ts')
    ? new URL('./xlsx-worker.ts', import.meta.url)
    : new URL(`./${XLSX_WORKER_ENTRY}.js`, import.meta.url)

type Answer = { ok: true; read: RawSheet } | { ok: false; code: AppError['code']; text: ErrorText | null }

const TOO_BIG = new AppError('INVALID_INPUT', { key: 'workbookTooBigToRead' })
const UNREADABLE: ErrorText = { key: 'workbookUnreadable' }

/**
 * Reads a workbook in a worker thread with a memory limit, after its zip directory passed the size
 * checks: the main thread (the window's IPC, the send queue) never waits on ExcelJS, and a workbook
 * that needs too much memory ends the worker, not the app.
 */
export function readXlsxIsolated(
  bytes: Buffer,
  sheet?: string,
  heapMb = XLSX_READER_HEAP_MB,
): Promise<RawSheet> {
  const parts = checkedWorkbookParts(bytes)
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl(), {
      workerData: { bytes: parts, sheet },
      resourceLimits: {
        maxOldGenerationSizeMb: heapMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(32, heapMb / 8)),
      },
    })
    let settled = false
    const settle = (done: () => void) => {
      if (settled) return
      settled = true
      done()
      void worker.terminate()
    }
    worker.once('message', (answer: Answer) =>
      settle(() =>
        answer.ok ? resolve(answer.read) : reject(new AppError(answer.code, answer.text ?? UNREADABLE)),
      ),
    )
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_BIG : new AppError('INVALID_INPUT', UNREADABLE),
        ),
      ),
    )
    worker.once('exit', () => settle(() => reject(TOO_BIG)))
  })
}
