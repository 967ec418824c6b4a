import Papa from 'papaparse'
import { AppError } from '../errors.ts'

export interface ParsedSheet {
  header: string[]
  /** One object per data row, keyed by header, every value a string exactly as written (leading zeros kept). */
  rows: Record<string, string>[]
  /** 1-based line number in the file of each row, for error messages. */
  lines: number[]
}

const MAX_ROWS = 100_000

/**
 * The checks every file format shares: a header, at least one row, at most MAX_ROWS. `rows` comes in
 * file order with the first one being the header.
 */
export function sheetFromCells(rows: readonly { line: number; cells: readonly string[] }[]): ParsedSheet {
  const [head, ...body] = rows
  if (!head || head.cells.every((h) => h.trim() === ''))
    throw new AppError('INVALID_INPUT', 'The file is empty: it needs a header row and at least one payout.')
  if (body.length === 0) throw new AppError('INVALID_INPUT', 'The file has a header row but no payouts.')
  if (body.length > MAX_ROWS)
    throw new AppError(
      'INVALID_INPUT',
      `The file has ${body.length} rows; split it into files of at most ${MAX_ROWS}.`,
    )
  const header = head.cells.map((h) => h.trim())
  // Assigned in a plain loop: 100,000 rows build 5x faster than through Object.fromEntries. Assigning
  // "__proto__" would set the prototype instead, so a file with that header takes the slow path.
  const toRow = header.includes('__proto__')
    ? (cells: readonly string[]) => Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]))
    : (cells: readonly string[]) => {
        const row: Record<string, string> = {}
        for (let i = 0; i < header.length; i++) row[header[i] as string] = (cells[i] ?? '').trim()
        return row
      }
  return {
    header,
    rows: body.map(({ cells }) => toRow(cells)),
    lines: body.map((r) => r.line),
  }
}

/**
 * Parses CSV text with every value kept as text: account numbers like 0012345 and amounts like
 * "1,250,000" must reach validation as they were typed, never through a number. Blank rows are dropped
 * after numbering, so a row's number is the one Excel shows for it even below a blank row.
 */
export function parseCsv(text: string): ParsedSheet {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { dynamicTyping: false })
  const fatal = result.errors.find((e) => e.type === 'Quotes')
  if (fatal) {
    throw new AppError(
      'INVALID_INPUT',
      `The file is not valid CSV near line ${(fatal.row ?? 0) + 1}: ${fatal.message}.`,
    )
  }
  return sheetFromCells(
    result.data
      .map((cells, i) => ({ line: i + 1, cells }))
      .filter(({ cells }) => cells.some((cell) => cell.trim() !== '')),
  )
}
