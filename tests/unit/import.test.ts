import { describe, expect, it } from 'vitest'
import { autoMapColumns } from '../../electron/import/column-map.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
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
    expect(sheet.lines).toEqual([2, 3])
  })

  it('says plainly what is wrong with an unusable file', () => {
    expect(() => parseCsv('')).toThrow(/empty/)
    expect(() => parseCsv('name,amount\n')).toThrow(/no payouts/)
    expect(() => parseCsv('name,amount\n"unterminated,5\n')).toThrow(/not valid CSV/)
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
