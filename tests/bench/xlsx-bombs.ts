// Child of the bench: how long two hostile workbooks take to be dealt with, and this process's peak
// memory: 1 GiB of pictures in a 1 MB file (read, pictures skipped) and 400 rows with a cell at XFD1
// (refused). Issue 18's figures on the old reader: 11.7 s / 3.2 GB and 14.5 s / 1.7 GB.
import ExcelJS from 'exceljs'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { deflatedRepeat, writeZip, zipParts } from '../support/zip-bytes.ts'

const payouts = new ExcelJS.Workbook()
payouts.addWorksheet('Payouts').addRows([
  ['name', 'account', 'amount'],
  ['Ana', '0011', 1000],
])
const media = writeZip([
  ...zipParts(Buffer.from(await payouts.xlsx.writeBuffer())),
  deflatedRepeat('xl/media/image1.png', 1024, 0),
])
const wide = new ExcelJS.Workbook()
const sheet = wide.addWorksheet('Wide')
for (let i = 0; i < 400; i++) sheet.addRow([`P${i}`, i + 1])
sheet.getCell('XFD1').value = 'x'
const wideBytes = Buffer.from(await wide.xlsx.writeBuffer())

const baseRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024)
let start = performance.now()
await readSheet('media.xlsx', media)
const mediaMs = performance.now() - start
start = performance.now()
const refused = await readSheet('wide.xlsx', wideBytes).then(
  () => false,
  () => true,
)
const wideMs = performance.now() - start
if (!refused) throw new Error('the XFD1 workbook was read')
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
process.stdout.write(`${JSON.stringify({ mediaMs, wideMs, baseRssMb, maxRssMb })}\n`)
