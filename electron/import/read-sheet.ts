import ExcelJS from 'exceljs'
import { extname } from 'node:path'
import { AppError } from '../errors.ts'
import { parseCsv, sheetFromCells, type ParsedSheet } from './parse-csv.ts'

/** Large enough for 100,000 rows; small enough that a hostile file cannot exhaust memory. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024

/**
 * CSV files saved by Excel on a Chinese Windows are GB18030 rather than UTF-8; try UTF-8 strictly first
 * so a valid UTF-8 file is never misread.
 */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/**
 * A cell as the person sees it. Identifiers stay text; a number formatted with leading zeros ("000000")
 * gets them back, because Excel stored only the number.
 */
function cellText(cell: ExcelJS.Cell): string {
  const { value } = cell
  if (typeof value === 'number') {
    const format = cell.numFmt
    if (format && /^0+$/.test(format)) return String(value).padStart(format.length, '0')
    return Number.isInteger(value) ? value.toFixed(0) : String(value)
  }
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return cell.text.trim()
}

async function readXlsx(bytes: Buffer): Promise<ParsedSheet> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      'The file is not a readable Excel workbook. Save it again as .xlsx or .csv.',
    )
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0)
  if (!sheet)
    throw new AppError('INVALID_INPUT', 'The workbook has no rows. Put the payouts on its first sheet.')
  // The last used column, not the number of used ones: an empty column between two must not cut the last.
  const width = sheet.columnCount
  const rows: { line: number; cells: string[] }[] = []
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells = Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1)))
    if (cells.some((c) => c !== '')) rows.push({ line, cells })
  })
  return sheetFromCells(rows)
}

/** Refuses a file too big to import; main checks the size on disk before reading it, too. */
export function checkImportSize(size: number): void {
  if (size > MAX_IMPORT_BYTES)
    throw new AppError('INVALID_INPUT', 'The file is larger than 40 MB. Split it into smaller files.')
}

/** Reads a CSV or XLSX file the person chose into header + rows of text. */
export async function readSheet(fileName: string, bytes: Buffer): Promise<ParsedSheet> {
  checkImportSize(bytes.length)
  const kind = extname(fileName).toLowerCase()
  if (kind === '.xlsx') return readXlsx(bytes)
  if (kind === '.csv' || kind === '.txt') return parseCsv(decodeText(bytes))
  throw new AppError('INVALID_INPUT', 'Choose a .csv or .xlsx file.')
}
