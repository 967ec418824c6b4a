// Worker thread: reads one file (a CSV or a workbook) away from the main thread, under the memory limit
// its parent set, then hands the rows over a slice at a time, each when the parent asks for it.
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../errors.ts'
import type { ParsedSheet } from './parse-csv.ts'
import { sheetOf, type SheetRequest } from './sheet-of.ts'
import { SHEET_SLICE_ROWS, type SheetMessage } from './sheet-worker-entry.ts'

const post = (message: SheetMessage) => parentPort?.postMessage(message)

function handOver(sheet: ParsedSheet): void {
  const { header, source } = sheet
  let at = 0
  post({ kind: 'head', header, source, rows: sheet.rows.length })
  // One slice per request: the parent takes each in its own turn of its event loop, so copying 100,000
  // rows into it never stops its thread for long.
  parentPort?.on('message', () => {
    const end = Math.min(at + SHEET_SLICE_ROWS, sheet.rows.length)
    post({
      kind: 'rows',
      rows: sheet.rows.slice(at, end),
      lines: sheet.lines.slice(at, end),
      notes: sheet.notes.slice(at, end),
    })
    at = end
  })
}

sheetOf(workerData as SheetRequest).then(handOver, (error: unknown) =>
  post(
    error instanceof AppError
      ? { kind: 'refused', code: error.code, text: error.text }
      : { kind: 'refused', code: 'INVALID_INPUT', text: null },
  ),
)
