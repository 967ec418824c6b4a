import type ExcelJS from 'exceljs'
import { loadExcelJs } from './load-exceljs.ts'
import { MAX_IMPORT_COLUMNS } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import { paddedText } from './number-format.ts'
import type { CellNote, RawRow, SheetSource } from './parse-csv.ts'

export interface RawSheet {
  rows: RawRow[]
  source: Omit<SheetSource, 'headerLine'>
}

/** From 16 significant digits a spreadsheet number (an IEEE double) no longer holds every digit. */
const PRECISE_BELOW = 1e15

/** A cell as the person sees it, with what the checks need to know about numbers and errors. */
function readCell(cell: ExcelJS.Cell): { text: string; note?: CellNote } {
  let value: ExcelJS.CellValue = cell.value
  if (value && typeof value === 'object' && 'formula' in value) value = value.result ?? null
  if (value && typeof value === 'object' && 'sharedFormula' in value) value = value.result ?? null
  if (typeof value === 'number') {
    const plain = Number.isInteger(value) ? value.toFixed(0) : String(value)
    const shown = cell.numFmt ? paddedText(value, cell.numFmt) : null
    return {
      text: shown ?? plain,
      note: {
        kind: 'number',
        value: plain,
        padded: shown !== null,
        precise: Math.abs(value) < PRECISE_BELOW,
      },
    }
  }
  if (value && typeof value === 'object' && 'error' in value)
    return { text: value.error, note: { kind: 'error' } }
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) }
  if (value === null || value === undefined) return { text: '' }
  return { text: cell.text }
}

const columnName = (n: number): string =>
  (n <= 26 ? '' : columnName(Math.floor((n - 1) / 26))) + String.fromCharCode(65 + ((n - 1) % 26))

/**
 * Reads one sheet of a workbook: `wanted` by name, else the sheet the workbook was saved showing, else
 * the first that holds data. Hidden and filtered-out rows are left out and counted; hidden sheets are
 * never read.
 */
export async function readXlsxRows(bytes: Uint8Array, wanted?: string): Promise<RawSheet> {
  const workbook = new (await loadExcelJs()).Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError('INVALID_INPUT', { key: 'workbookUnreadable' })
  }
  const visible = workbook.worksheets.filter((ws) => ws.state === 'visible')
  const withData = visible.filter((ws) => ws.actualRowCount > 0)
  const sheets = withData.map((ws) => ws.name)
  // ExcelJS leaves `views` undefined for a workbook saved without any (its types say otherwise).
  const views = workbook.views as ExcelJS.WorkbookView[] | undefined
  const activeTab = views?.[0]?.activeTab ?? 0
  const active = workbook.worksheets[activeTab]
  const activeSheet = active && withData.includes(active) ? active.name : null
  let sheet: ExcelJS.Worksheet | undefined
  if (wanted !== undefined) {
    // Excel keeps sheet names unique regardless of case, so "july" can only mean "July".
    const folded = wanted.trim().toLocaleLowerCase()
    sheet =
      withData.find((ws) => ws.name === wanted) ??
      withData.find((ws) => ws.name.toLocaleLowerCase() === folded)
    if (!sheet)
      throw new AppError('INVALID_INPUT', {
        key: 'sheetNotFound',
        params: { sheet: wanted, sheets: sheets.map((s) => `"${s}"`).join(', ') },
      })
  } else sheet = withData.find((ws) => ws.name === activeSheet) ?? withData[0]
  if (!sheet) throw new AppError('INVALID_INPUT', { key: 'workbookNoRows' })
  if (sheet.columnCount > MAX_IMPORT_COLUMNS)
    throw new AppError('INVALID_INPUT', {
      key: 'sheetTooWide',
      params: { sheet: sheet.name, column: columnName(sheet.columnCount), max: MAX_IMPORT_COLUMNS },
    })
  const rows: RawRow[] = []
  let hiddenRows = 0
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: (string | undefined)[] = []
    const notes: (CellNote | undefined)[] = []
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const read = readCell(cell)
      cells[col - 1] = read.text
      if (read.note) notes[col - 1] = read.note
    })
    const filled = Array.from(cells, (c) => c ?? '')
    if (!filled.some((c) => c.trim() !== '')) return
    // Rows the person hid or filtered out (already paid, not this month) are not theirs to pay now.
    if (row.hidden) hiddenRows++
    else rows.push({ line, cells: filled, notes })
  })
  return {
    rows,
    source: { sheet: sheet.name, sheets, activeSheet, hiddenRows, encoding: null },
  }
}
