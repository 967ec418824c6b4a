import { describe, expect, it } from 'vitest'
import { CSV_INLINE_BYTES, readSheet } from '../../electron/import/read-sheet.ts'
import { sheetOf } from '../../electron/import/sheet-of.ts'
import { readSheetIsolated } from '../../electron/import/read-sheet-isolated.ts'

const headerFor = { provider: 'vexora' as const, area: 'ID' }

// A payroll with a title block above its header, as people export them.
const bigCsv = (rows: number) =>
  Buffer.from(
    [
      'Payroll July,,,,,',
      'name,account number,bank code,mobile,email,amount',
      ...Array.from(
        { length: rows },
        (_, i) =>
          `Person ${i},00${1_000_000 + i},0002,081234567890,p${i}@example.com,"${(10_000 + i).toLocaleString('en')}"`,
      ),
    ].join('\r\n'),
  )

describe('reading a large CSV', () => {
  it('reads it beside the main thread, the event loop turning, into exactly what reading it here gives', async () => {
    const bytes = bigCsv(40_000)
    expect(bytes.length).toBeGreaterThan(CSV_INLINE_BYTES)
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    const read = await readSheet('big.csv', bytes, { headerFor })
    clearInterval(timer)
    // Parsed here, 40,000 rows hold the thread for a tenth of a second: the timer would fire once.
    expect(ticks).toBeGreaterThanOrEqual(5)
    expect(read.rows).toHaveLength(40_000)
    expect(read.source.headerLine).toBe(2)
    expect(read).toEqual(await sheetOf({ kind: 'csv', bytes, headerFor }))
  }, 60_000)

  it('refuses a damaged one in the same plain words as a small one', async () => {
    const damaged = Buffer.concat([bigCsv(30_000), Buffer.from('\r\nPerson,"0012,0002,0812,x@y.z,5')])
    expect(damaged.length).toBeGreaterThan(CSV_INLINE_BYTES)
    await expect(readSheet('big.csv', damaged, { headerFor })).rejects.toThrow(
      /not valid CSV near line 30003/,
    )
    await expect(readSheet('small.csv', Buffer.from('name,amount\r\nA,"5'))).rejects.toThrow(
      /not valid CSV near line 2/,
    )
  }, 60_000)

  it('refuses one that needs more memory than the reader may use, in plain words, and the app goes on', async () => {
    await expect(readSheet('big.csv', bigCsv(40_000), { headerFor, maxHeapMb: 4 })).rejects.toThrow(
      /needs more memory to read than Payout Desk allows/,
    )
    expect((await readSheet('big.csv', bigCsv(40_000), { headerFor })).rows).toHaveLength(40_000)
  }, 60_000)
})

describe('the reader beside the main thread', () => {
  it('gives up on a file it cannot read in its time, in plain words, and ends the reading', async () => {
    const bytes = bigCsv(40_000)
    await expect(readSheetIsolated({ kind: 'csv', bytes, headerFor }, 512, 5)).rejects.toThrow(
      /took longer than a minute/,
    )
    // The same file with the time it needs is read.
    expect((await readSheetIsolated({ kind: 'csv', bytes, headerFor })).rows).toHaveLength(40_000)
  }, 60_000)
})
