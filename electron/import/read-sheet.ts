import { extname } from 'node:path'
import { AppError } from '../errors.ts'
import type { ParsedSheet } from './parse-csv.ts'
import { readSheetIsolated } from './read-sheet-isolated.ts'
import { sheetOf, type SheetRequest } from './sheet-of.ts'
import { checkedWorkbookParts } from './xlsx-zip.ts'

/** Large enough for 100,000 rows; small enough that a hostile file cannot exhaust memory. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024

/**
 * A CSV this small (some 10,000 rows) is parsed in a few tens of milliseconds, less than a worker
 * takes to start; a larger one is read in the worker, as every workbook is.
 */
export const CSV_INLINE_BYTES = 1024 * 1024

/** Refuses a file too big to import; main checks the size on disk before reading it, too. */
export function checkImportSize(size: number): void {
  if (size > MAX_IMPORT_BYTES) throw new AppError('INVALID_INPUT', { key: 'fileTooLarge' })
}

export interface ReadOptions extends Pick<SheetRequest, 'sheet' | 'headerFor'> {
  /** Heap the reader's worker may use, in MB (default SHEET_READER_HEAP_MB). */
  maxHeapMb?: number
}

/** Reads a CSV or XLSX file the person chose into header + rows of text. */
export async function readSheet(
  fileName: string,
  bytes: Buffer,
  options: ReadOptions = {},
): Promise<ParsedSheet> {
  checkImportSize(bytes.length)
  const kind = extname(fileName).toLowerCase()
  const { maxHeapMb, ...wanted } = options
  if (kind === '.xlsx')
    return readSheetIsolated({ kind: 'xlsx', bytes: checkedWorkbookParts(bytes), ...wanted }, maxHeapMb)
  if (kind === '.csv' || kind === '.txt') {
    const request: SheetRequest = { kind: 'csv', bytes, ...wanted }
    return bytes.length <= CSV_INLINE_BYTES ? sheetOf(request) : readSheetIsolated(request, maxHeapMb)
  }
  throw new AppError('INVALID_INPUT', { key: 'fileKind' })
}
