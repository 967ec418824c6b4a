import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { readXlsxRows } from '../../electron/import/read-xlsx.ts'
import { deflatedRepeat, part, writeZip, zipParts } from '../support/zip-bytes.ts'

/**
 * Hostile workbooks: a small file that unpacks to gigabytes, thousands of parts, a cell far to the
 * right, or simply more than the reader's memory allows. Each is refused in plain words (or, for
 * pictures, never unpacked), and the main thread keeps running while a workbook is read.
 */
async function payoutsWorkbook(rows = 2): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Payouts')
  sheet.addRow(['name', 'account', 'amount'])
  for (let i = 0; i < rows; i++) sheet.addRow([`Person ${i}`, `00${i}`, 1000 + i])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

describe('workbook limits', () => {
  it('never unpacks pictures: 1 GiB in xl/media is skipped and the payouts are read', async () => {
    const parts = zipParts(await payoutsWorkbook())
    const bomb = writeZip([...parts, deflatedRepeat('xl/media/image1.png', 1024, 0)])
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024)
    const peakBefore = process.resourceUsage().maxRSS
    const read = await readSheet('bomb.xlsx', bomb)
    // The process's peak memory (KiB) barely moved: the gigabyte was never unpacked, here or in the worker.
    expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(300 * 1024)
    expect(read.rows).toEqual([
      { name: 'Person 0', account: '000', amount: '1000' },
      { name: 'Person 1', account: '001', amount: '1001' },
    ])
  })

  it('refuses sheets that would unpack past the limit, from the zip directory alone', async () => {
    const parts = zipParts(await payoutsWorkbook()).filter((p) => p.name !== 'xl/sharedStrings.xml')
    const bomb = writeZip([...parts, deflatedRepeat('xl/sharedStrings.xml', 300)])
    await expect(readSheet('strings.xlsx', bomb)).rejects.toThrow(
      'The workbook would unpack to 300 MB of sheets (at most 256 MB). Save the payouts alone as a new .xlsx or .csv file.',
    )
  })

  it('counts the sheet parts now read (comments, their notes, drawings) against the limit', async () => {
    const parts = zipParts(await payoutsWorkbook())
    const bomb = writeZip([...parts, deflatedRepeat('xl/drawings/vmlDrawing1.vml', 300)])
    await expect(readSheet('notes.xlsx', bomb)).rejects.toThrow(
      'The workbook would unpack to 300 MB of sheets (at most 256 MB).',
    )
    // Pictures are still never unpacked, however large.
    const pictures = writeZip([...parts, deflatedRepeat('xl/media/image1.png', 300)])
    expect((await readSheet('pictures.xlsx', pictures)).rows).toHaveLength(2)
  })

  it('refuses a workbook of more than 10,000 parts', async () => {
    const parts = zipParts(await payoutsWorkbook())
    const many = Array.from({ length: 10_001 - parts.length }, (_, i) =>
      part(`xl/extra/${i}.xml`, Buffer.from('x')),
    )
    await expect(readSheet('many.xlsx', writeZip([...parts, ...many]))).rejects.toThrow(
      'The workbook has 10001 parts inside (at most 10000).',
    )
  })

  it('refuses 400 rows with one cell at XFD1 by the sheet dimension, before reading a row', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Wide')
    sheet.addRow(['name', 'amount'])
    for (let i = 0; i < 400; i++) sheet.addRow([`P${i}`, i + 1])
    sheet.getCell('XFD1').value = 'x'
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    await expect(readSheet('wide.xlsx', bytes)).rejects.toThrow(
      'A sheet of the workbook uses columns up to XFD; a payout file has at most 256 columns.',
    )
    // A sheet whose declared dimension lies is still refused by its cells.
    await expect(readXlsxRows(bytes)).rejects.toThrow('Sheet "Wide" uses columns up to XFD')
  })

  it('reads in a worker with a memory limit: a workbook that needs more is refused plainly, the process lives on', async () => {
    const bytes = await payoutsWorkbook(20_000)
    await expect(readSheet('big.xlsx', bytes, { maxHeapMb: 8 })).rejects.toThrow(
      'The workbook needs more memory to read than Payout Desk allows. Save the payouts as CSV UTF-8, or split them into smaller files.',
    )
    // The same file within the default limit: ExcelJS ran out of memory in the worker, not here.
    expect((await readSheet('big.xlsx', bytes)).rows).toHaveLength(20_000)
    // Two workers read 20,000 rows each: a busy 2-core machine needs more than the default 20 s.
  }, 90_000)
})
