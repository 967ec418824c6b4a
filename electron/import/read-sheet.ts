import { extname } from 'node:path'
import { AppError } from '../errors.ts'
import { decodeText } from './decode-text.ts'
import { csvRows, sheetFromCells, type ParsedSheet } from './parse-csv.ts'
import { readXlsxIsolated } from './read-xlsx-isolated.ts'

/** Large enough for 100,000 rows; small enough that a hostile file cannot exhaust memory. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024

/** Refuses a file too big to import; main checks the size on disk before reading it, too. */
export function checkImportSize(size: number): void {
  if (size > MAX_IMPORT_BYTES) throw new AppError('INVALID_INPUT', { key: 'fileTooLarge' })
}

export interface ReadOptions {
  /** The workbook sheet to read; by default the one it was saved showing. */
  sheet?: string
  /** Which row is the header: the first it accepts (a title block above is skipped), else the first row. */
  isHeader?: (cells: readonly string[]) => boolean
  /** Heap the XLSX reader's worker may use, in MB (default XLSX_READER_HEAP_MB). */
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
  if (kind === '.xlsx') {
    const { rows, source } = await readXlsxIsolated(bytes, options.sheet, options.maxHeapMb)
    return sheetFromCells(rows, source, options.isHeader)
  }
  if (kind === '.csv' || kind === '.txt') {
    const { text, encoding } = decodeText(bytes)
    const source = { sheet: null, sheets: [], activeSheet: null, hiddenRows: 0, encoding }
    return sheetFromCells(csvRows(text), source, options.isHeader)
  }
  throw new AppError('INVALID_INPUT', { key: 'fileKind' })
}
