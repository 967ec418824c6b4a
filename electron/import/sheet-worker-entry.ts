import type { ErrorText } from '../../shared/messages/errors.ts'
import type { AppError } from '../errors.ts'
import type { ParsedSheet } from './parse-csv.ts'

/** The file reader's entry name in the main build: out/main/sheet-worker.js, beside main's index.js. */
export const SHEET_WORKER_ENTRY = 'sheet-worker'

/** Rows per message from the reader: a few milliseconds to copy into the main thread. */
export const SHEET_SLICE_ROWS = 2_000

/** What the reader's worker tells its parent: the header first, then slices of rows on request. */
export type SheetMessage =
  | { kind: 'head'; header: string[]; source: ParsedSheet['source']; rows: number }
  | { kind: 'rows'; rows: ParsedSheet['rows']; lines: number[]; notes: ParsedSheet['notes'] }
  | { kind: 'refused'; code: AppError['code']; text: ErrorText | null }
