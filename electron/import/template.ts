import { loadExcelJs } from './load-exceljs.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'

/**
 * An empty workbook with the gateway's own column names, which the import recognises without any
 * mapping. Every column except the amount is formatted as text, so Excel keeps the leading zeros of
 * account numbers and phone numbers typed into it. No example row: a forgotten example would be paid.
 */
export async function importTemplate(shape: PayoutShape): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook()
  const sheet = workbook.addWorksheet('Payouts')
  const columns = ['amount', 'reference', ...shape.fields.map((f) => f.key)]
  sheet.columns = columns.map((key) => ({
    header: key,
    key,
    width: Math.max(14, key.length + 4),
    style: key === 'amount' ? {} : { numFmt: '@' },
  }))
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
