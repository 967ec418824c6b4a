import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readXlsxRows } from '../../electron/import/read-xlsx.ts'

async function workbook(sheets: Record<string, string[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe('readXlsxRows', () => {
  it('finds a sheet named in any case, as Excel itself does', async () => {
    const bytes = await workbook({
      June: [['amount'], ['100']],
      July: [['amount'], ['200']],
    })
    const july = await readXlsxRows(bytes, 'july')
    expect(july.source.sheet).toBe('July')
    expect(JSON.stringify(july.rows)).toContain('"200"')
    await expect(readXlsxRows(bytes, 'August')).rejects.toThrow(/no sheet "August"/)
  })
})
