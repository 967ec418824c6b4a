import type { ErrorText } from '../../shared/messages/errors.ts'
import { Worker } from 'node:worker_threads'
import { AppError } from '../errors.ts'
import type { ParsedSheet } from './parse-csv.ts'
import type { SheetRequest } from './sheet-of.ts'
import { SHEET_WORKER_ENTRY, type SheetMessage } from './sheet-worker-entry.ts'

/** Heap the reader may use: 100,000 rows fit; a workbook that needs more is refused, not read. */
export const SHEET_READER_HEAP_MB = 512

/**
 * How long the reader may take: 100,000 rows take about half a second here. A file that keeps it busy
 * for longer (a workbook built to be slow) is refused, and the person is not left looking at "reading".
 */
export const SHEET_READER_TIME_LIMIT_MS = 60_000

// From source (CLI, tests) the worker is the .ts beside this file; in the built app, the entry beside index.js.
const workerUrl = () =>
  import.meta.url.endsWith('.ts')
    ? new URL('./sheet-worker.ts', import.meta.url)
    : new URL(`./${SHEET_WORKER_ENTRY}.js`, import.meta.url)

// What to say when the reader failed in a way it could not name itself.
const TOO_BIG: Record<SheetRequest['kind'], ErrorText> = {
  xlsx: { key: 'workbookTooBigToRead' },
  csv: { key: 'fileTooBigToRead' },
}
const UNREADABLE: Record<SheetRequest['kind'], ErrorText> = {
  xlsx: { key: 'workbookUnreadable' },
  csv: { key: 'csvUnreadable' },
}

/**
 * Reads a file in a worker thread with a memory limit: the main thread (the window's IPC, the send
 * queue) never waits on the parser, and a file that needs too much memory ends the worker, not the app.
 * The rows come back a slice at a time, each copied in its own turn of the event loop.
 */
export function readSheetIsolated(
  request: SheetRequest,
  heapMb = SHEET_READER_HEAP_MB,
  timeLimitMs = SHEET_READER_TIME_LIMIT_MS,
): Promise<ParsedSheet> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl(), {
      workerData: request,
      resourceLimits: {
        maxOldGenerationSizeMb: heapMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(32, heapMb / 8)),
      },
    })
    let settled = false
    const settle = (done: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      done()
      void worker.terminate()
    }
    const timer = setTimeout(
      () => settle(() => reject(new AppError('INVALID_INPUT', { key: 'fileTooSlowToRead' }))),
      timeLimitMs,
    )
    let sheet: ParsedSheet | null = null
    let expected = 0
    worker.on('message', (message: SheetMessage) => {
      if (message.kind === 'refused')
        return settle(() => reject(new AppError(message.code, message.text ?? UNREADABLE[request.kind])))
      if (message.kind === 'head') {
        sheet = { header: message.header, source: message.source, rows: [], lines: [], notes: [] }
        expected = message.rows
      } else if (sheet) {
        for (const row of message.rows) sheet.rows.push(row)
        for (const line of message.lines) sheet.lines.push(line)
        for (const note of message.notes) sheet.notes.push(note)
      }
      const read = sheet
      if (read && read.rows.length >= expected) settle(() => resolve(read))
      else worker.postMessage('more')
    })
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          new AppError(
            'INVALID_INPUT',
            error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_BIG[request.kind] : UNREADABLE[request.kind],
          ),
        ),
      ),
    )
    // A slice that cannot be copied across would otherwise leave the reading waiting for ever.
    worker.once('messageerror', () =>
      settle(() => reject(new AppError('INVALID_INPUT', UNREADABLE[request.kind]))),
    )
    worker.once('exit', () => settle(() => reject(new AppError('INVALID_INPUT', TOO_BIG[request.kind]))))
  })
}
