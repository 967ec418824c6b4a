import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { autoMapColumns } from '../../electron/import/column-map.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'

const vexora = payoutShape('vexora', 'ID') as PayoutShape
const bluepay = payoutShape('bluepay', 'TH') as PayoutShape

describe('parseCsv', () => {
  it('keeps every value as text: leading zeros, grouped amounts, quotes and a BOM', () => {
    const sheet = parseCsv(
      '\uFEFFname,account,amount\n"Doe, Jane",007001,"1,250,000"\r\n\n Lee ,000123, 500 \n',
    )
    expect(sheet.header).toEqual(['name', 'account', 'amount'])
    expect(sheet.rows).toEqual([
      { name: 'Doe, Jane', account: '007001', amount: '1,250,000' },
      { name: 'Lee', account: '000123', amount: '500' },
    ])
    expect(sheet.lines).toEqual([2, 4])
  })

  it('numbers rows as Excel shows them, past blank rows and a cell with a line break', () => {
    const sheet = parseCsv('name,amount\nA,1\n\n , \nB,"2\n"\n\nC,3')
    expect(sheet.rows.map((r) => r.name)).toEqual(['A', 'B', 'C'])
    expect(sheet.lines).toEqual([2, 5, 7])
  })

  it("keeps a column headed __proto__ as a column, not as the row's prototype", () => {
    const sheet = parseCsv('name,__proto__,amount\nAna,x,5\n')
    const [row] = sheet.rows
    expect(Object.entries(row ?? {})).toEqual([
      ['name', 'Ana'],
      ['__proto__', 'x'],
      ['amount', '5'],
    ])
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype)
  })

  it('says plainly what is wrong with an unusable file', () => {
    expect(() => parseCsv('')).toThrow(/empty/)
    expect(() => parseCsv('name,amount\n')).toThrow(/no payouts/)
    expect(() => parseCsv('name,amount\n"unterminated,5\n')).toThrow(/not valid CSV/)
  })
})

describe('readSheet (XLSX)', () => {
  it('keeps the columns after an empty one, and numbers rows as the sheet does', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Payouts')
    sheet.getRow(1).values = ['name', null, 'amount']
    sheet.getRow(2).values = ['A', null, '100']
    sheet.getRow(4).values = ['B', null, '200']
    const read = await readSheet('gap.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(read.rows.map((r) => [r.name, r.amount])).toEqual([
      ['A', '100'],
      ['B', '200'],
    ])
    expect(read.lines).toEqual([2, 4])
  })
})

describe('autoMapColumns', () => {
  it('matches English and Chinese headers to the gateway fields', () => {
    expect(
      autoMapColumns(['收款人', '银行账号', '银行代码', '手机号', '邮箱', '金额', '备注', '参考号'], vexora),
    ).toEqual({
      收款人: 'customerName',
      银行账号: 'bankAccountNo',
      银行代码: 'bankCode',
      手机号: 'mobile',
      邮箱: 'email',
      金额: 'amount',
      备注: 'remark',
      参考号: 'reference',
    })
    expect(
      autoMapColumns(
        ['Account Name', 'Account No.', 'Transfer Code', 'payMethodCode', 'Amount', 'Colour'],
        bluepay,
      ),
    ).toEqual({
      'Account Name': 'accountName',
      'Account No.': 'accountNo',
      'Transfer Code': 'transferCode',
      payMethodCode: 'payMethodCode',
      Amount: 'amount',
      Colour: null,
    })
  })

  it('never maps two columns to the same field', () => {
    expect(autoMapColumns(['amount', 'Amount '], vexora)).toEqual({ amount: 'amount', 'Amount ': null })
  })
})
