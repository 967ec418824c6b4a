import type { ProviderId } from '../../shared/domain/providers.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { looksLikeHeader } from './column-map.ts'
import { decodeText } from './decode-text.ts'
import { csvRows, sheetFromCells, type ParsedSheet } from './parse-csv.ts'
import { readXlsxRows } from './read-xlsx.ts'

/** What to read, as plain data: it crosses to the reader's worker thread. */
export interface SheetRequest {
  kind: 'csv' | 'xlsx'
  bytes: Uint8Array
  /** The workbook sheet to read; by default the one it was saved showing. */
  sheet?: string
  /** The gateway whose columns the header names: its header is found below a title block. */
  headerFor?: { provider: ProviderId; area: string }
}

/** Reads a CSV or a workbook into header + rows of text, wherever it is called from. */
export async function sheetOf(request: SheetRequest): Promise<ParsedSheet> {
  const shape = request.headerFor ? payoutShape(request.headerFor.provider, request.headerFor.area) : null
  const isHeader = shape ? looksLikeHeader(shape) : undefined
  if (request.kind === 'xlsx') {
    const { rows, source } = await readXlsxRows(request.bytes, request.sheet)
    return sheetFromCells(rows, source, isHeader)
  }
  const { text, encoding } = decodeText(request.bytes)
  const source = { sheet: null, sheets: [], activeSheet: null, hiddenRows: 0, encoding }
  return sheetFromCells(csvRows(text), source, isHeader)
}
