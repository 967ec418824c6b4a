import { describe, expect, it } from 'vitest'
import { csvCell, csvLine } from '../../electron/export/csv-cells.ts'

describe('CSV cells', () => {
  it('puts an apostrophe before anything a spreadsheet would start a formula with, after spaces too', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`)
    expect(csvCell('  =1+1')).toBe(`"'  =1+1"`)
    expect(csvCell('＝1+1')).toBe(`"'＝1+1"`)
    expect(csvCell('＋1')).toBe(`"'＋1"`)
    expect(csvCell('－1')).toBe(`"'－1"`)
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`)
    expect(csvCell('+62812')).toBe(`"'+62812"`)
    expect(csvCell('-5')).toBe(`"'-5"`)
    expect(csvCell('\t=1')).toBe(`"'\t'=1"`)
  })

  it('defuses every line of a value and turns its line breaks into LF inside quotes', () => {
    expect(csvCell('=HYPERLINK("http://x")\n')).toBe(`"'=HYPERLINK(""http://x"")\n"`)
    expect(csvCell('\r=1+1')).toBe(`"'\n'=1+1"`)
    expect(csvCell('Siti\r\n=1+1')).toBe(`"Siti\n'=1+1"`)
  })

  it('quotes a cell holding a comma or semicolon, and defuses what follows either', () => {
    expect(csvCell("Budi;=cmd|' /C calc'!A0")).toBe(`"Budi;'=cmd|' /C calc'!A0"`)
    expect(csvCell('Siti, =1+1')).toBe(`"Siti,' =1+1"`)
    expect(csvCell('Siti;"=1"')).toBe(`"Siti;'""=1"""`)
    expect(csvCell('Jl. Merdeka 5, Jakarta')).toBe(`"Jl. Merdeka 5, Jakarta"`)
    expect(csvCell('a;b')).toBe(`"a;b"`)
  })

  it('leaves ordinary values as they are', () => {
    expect(csvLine(['T000001', 'Siti Rahma', '150000.00', '王小明', '2026-06-01T00:00:00.000Z', ''])).toBe(
      'T000001,Siti Rahma,150000.00,王小明,2026-06-01T00:00:00.000Z,',
    )
  })
})
