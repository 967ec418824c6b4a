import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { thousandsDotExample } from '../../electron/import/amount-style.ts'
import { cellProblem } from '../../electron/import/cell-checks.ts'
import { acceptedHeaders, autoMapColumns, looksLikeHeader } from '../../electron/import/column-map.ts'
import { bankCodeIndex, lostBankZeros, lostLetters, readMobile } from '../../electron/import/row-values.ts'
import { decodeText } from '../../electron/import/decode-text.ts'
import { paddedText } from '../../electron/import/number-format.ts'
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

describe('readSheet (XLSX written by ExcelJS, for what Calc cannot write)', () => {
  it('reads the sheet the workbook was saved showing, names it, and lists the sheets with data', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('June').addRows([
      ['name', 'amount'],
      ['Old', 5],
    ])
    workbook.addWorksheet('Notes', { state: 'hidden' }).addRows([
      ['name', 'amount'],
      ['Secret', 9],
    ])
    workbook.addWorksheet('July').addRows([
      ['name', 'amount'],
      ['New', 7],
    ])
    workbook.addWorksheet('Empty')
    workbook.views = [
      { activeTab: 2, firstSheet: 0, x: 0, y: 0, width: 100, height: 100, visibility: 'visible' },
    ]
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    const read = await readSheet('m.xlsx', bytes)
    expect(read.rows).toEqual([{ name: 'New', amount: '7' }])
    expect(read.source).toMatchObject({ sheet: 'July', sheets: ['June', 'July'], activeSheet: 'July' })
    expect((await readSheet('m.xlsx', bytes, { sheet: 'June' })).rows).toEqual([{ name: 'Old', amount: '5' }])
    await expect(readSheet('m.xlsx', bytes, { sheet: 'Notes' })).rejects.toThrow(
      'The workbook has no sheet "Notes" with payouts. Its sheets: "June", "July".',
    )
  })

  it('notes numbers, padded formats, error cells and lost digits; refuses a sheet wider than 256 columns', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('S')
    sheet.addRow(['quoted', 'sections', 'general', 'error', 'long'])
    const row = sheet.addRow([123, 12345, 14, { error: '#DIV/0!' }, 12345678901234568])
    row.getCell(1).numFmt = '"ID"000000'
    row.getCell(2).numFmt = '000-000;[Red]-000-000'
    const read = await readSheet('n.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(read.rows[0]).toEqual({
      quoted: 'ID000123',
      sections: '012-345',
      general: '14',
      error: '#DIV/0!',
      long: '12345678901234568',
    })
    expect(read.notes[0]).toMatchObject({
      quoted: { kind: 'number', value: '123', padded: true, precise: true },
      general: { kind: 'number', value: '14', padded: false },
      error: { kind: 'error' },
      long: { kind: 'number', precise: false },
    })
    sheet.getCell('XFD2').value = 'stray'
    await expect(readSheet('w.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()))).rejects.toThrow(
      'A sheet of the workbook uses columns up to XFD; a payout file has at most 256 columns. Delete what is to the right of the payouts, or copy them to a new sheet.',
    )
  })
})

describe('paddedText', () => {
  it('shows whole numbers as zero-padding formats do, with locale prefixes, quoted text and sections', () => {
    expect(paddedText(123456789, '[$-421]0000000000')).toBe('0123456789')
    expect(paddedText(14, '[$-41E]000')).toBe('014')
    expect(paddedText(5, '\\A0000')).toBe('A0005')
    expect(paddedText(1234567, '000')).toBe('1234567')
    for (const format of ['General', '0', '#,##0', '0.00', '@', '0%', 'yyyy-mm-dd', '0.0E+00'])
      expect(paddedText(14, format), format).toBeNull()
    expect(paddedText(1.5, '0000')).toBeNull()
  })
})

describe('decodeText', () => {
  it('reads UTF-8 and UTF-16 by their marks, and a legacy code page only when exactly one fits', () => {
    expect(decodeText(Buffer.from('\uFEFFname\nJosé', 'utf8'))).toMatchObject({ encoding: 'UTF-8' })
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\n张伟', 'utf16le')])
    expect(decodeText(le)).toEqual({ text: 'name\n张伟', encoding: 'UTF-16LE' })
    expect(decodeText(Buffer.from('name\nJos\xe9 M\xfcller', 'latin1'))).toEqual({
      text: 'name\nJosé Müller',
      encoding: 'windows-1252',
    })
    // "สมชาย" in Windows-874.
    expect(decodeText(Buffer.from([0x6e, 0x0a, 0xca, 0xc1, 0xaa, 0xd2, 0xc2])).text).toBe('n\nสมชาย')
    // Bytes that are nothing in particular: refused, not guessed.
    expect(() => decodeText(Buffer.from([0x61, 0x0a, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x20]))).toThrow(
      /save it again as "CSV UTF-8"/i,
    )
  })
})

describe('cellProblem', () => {
  it('refuses unreadable and control characters, line breaks, lost zeros and scientific notation', () => {
    const number = { kind: 'number', value: '14', padded: false, precise: true } as const
    expect(cellProblem('Name', 'customerName', 'Jos\uFFFD', undefined, false)?.code).toBe('cell_unreadable')
    expect(cellProblem('Name', 'customerName', 'a\u0007b', undefined, false)?.code).toBe('cell_unreadable')
    expect(cellProblem('Name', 'customerName', 'Ana\nMaria', undefined, false)?.code).toBe('cell_line_break')
    expect(cellProblem('Bank', 'bankCode', '14', number, true)?.message).toBe(
      'Bank "14" is stored as a number, so a leading zero may be lost; format the column as Text and type it again',
    )
    expect(cellProblem('Amount', 'amount', '14', number, false)).toBeNull()
    expect(cellProblem('Account', 'bankAccountNo', '1.23457E+15', undefined, true)?.code).toBe(
      'number_precision',
    )
    expect(cellProblem('Total', 'amount', '1.5E+06', undefined, false)?.code).toBe('number_precision')
    expect(cellProblem('Remark', 'remark', '1E+5', undefined, false)).toBeNull()
    expect(cellProblem('Total', 'amount', '#N/A', { kind: 'error' }, false)?.message).toBe(
      'Total shows the spreadsheet error #N/A; fix the formula or type the value',
    )
  })
})

describe('thousandsDotExample', () => {
  it('recognises a whole column in Indonesian style, never a mixed one', () => {
    expect(thousandsDotExample(['1.500.000', '25000', 'Rp 2.000', '1.000.000,00'])).toBe('1.500.000')
    expect(thousandsDotExample(['1500000', '25000'])).toBeNull()
    expect(thousandsDotExample(['1.500.000', '1,250,000'])).toBeNull()
    expect(thousandsDotExample(['1.50'])).toBeNull()
  })
})

describe('autoMapColumns', () => {
  it('prefers a specific header to a general one, and reads headers with units and punctuation', () => {
    expect(autoMapColumns(['Bank', 'Bank Code', 'Name', 'Beneficiary Name', 'Amount (IDR)'], vexora)).toEqual(
      {
        Bank: null,
        'Bank Code': 'bankCode',
        Name: null,
        'Beneficiary Name': 'customerName',
        'Amount (IDR)': 'amount',
      },
    )
    expect(autoMapColumns(['收款人姓名', '金额（元）', 'Account No.', 'Invoice'], vexora)).toEqual({
      收款人姓名: 'customerName',
      '金额（元）': 'amount',
      'Account No.': 'bankAccountNo',
      Invoice: null,
    })
    expect(autoMapColumns(['Bank'], vexora)).toEqual({ Bank: 'bankCode' })
  })

  it('finds the header row below a title block', () => {
    const sheet = parseCsv(
      'Payouts July,,\n,,\nName,Account No,Amount\nAna,0011,5\n',
      looksLikeHeader(vexora),
    )
    expect(sheet.header).toEqual(['Name', 'Account No', 'Amount'])
    expect(sheet.source.headerLine).toBe(3)
    expect(sheet.rows).toEqual([{ Name: 'Ana', 'Account No': '0011', Amount: '5' }])
    // Without two known headers anywhere, the first row is the header, for mapping by hand.
    expect(parseCsv('Who,Pay\nAna,5\n', looksLikeHeader(vexora)).header).toEqual(['Who', 'Pay'])
  })

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

describe('header variants', () => {
  it("matches the headers people write in both languages, BluePay's own fields included", () => {
    expect(autoMapColumns(['收款人', '开户银行', '账号', '手机', '邮箱', '金额'], vexora)).toEqual({
      收款人: 'customerName',
      开户银行: 'bankCode',
      账号: 'bankAccountNo',
      手机: 'mobile',
      邮箱: 'email',
      金额: 'amount',
    })
    expect(
      autoMapColumns(['Account name', 'Bank', 'Account number', 'Phone', 'E-mail', 'Amount'], vexora),
    ).toEqual({
      'Account name': 'customerName',
      Bank: 'bankCode',
      'Account number': 'bankAccountNo',
      Phone: 'mobile',
      'E-mail': 'email',
      Amount: 'amount',
    })
    expect(autoMapColumns(['Pay Method', '银行', 'Account Type', 'Tax ID', 'Amount'], bluepay)).toEqual({
      'Pay Method': 'payMethodCode',
      银行: 'transferCode',
      'Account Type': 'accountType',
      'Tax ID': 'accountTaxId',
      Amount: 'amount',
    })
    // "Bank" beside "Bank Code" is still the bank's name.
    expect(autoMapColumns(['开户银行', '银行代码'], vexora)).toEqual({ 开户银行: null, 银行代码: 'bankCode' })
  })

  it("names every field by the headers a file would use, never by the gateway's own name", () => {
    for (const shape of [vexora, bluepay, payoutShape('vexora', 'TH') as PayoutShape])
      for (const key of ['amount', ...shape.fields.map((f) => f.key)]) {
        const names = acceptedHeaders(key, shape)
        expect(names.length, key).toBeGreaterThan(1)
        expect(names, key).not.toContain(key)
        // Each accepted name is read back as that field.
        for (const name of names.slice(0, 3)) expect(autoMapColumns([name], shape)[name], name).toBe(key)
      }
  })
})

describe('values a file changed on the way', () => {
  const mobileOf = (shape: PayoutShape) => shape.fields.find((f) => f.key === 'mobile')
  it('reads a mobile number written with spaces, dashes and +country as the gateway takes it', () => {
    const vex = mobileOf(vexora)
    const blue = mobileOf(bluepay)
    const th = mobileOf(payoutShape('vexora', 'TH') as PayoutShape)
    if (!vex || !blue || !th) throw new Error('no mobile field')
    expect(readMobile('Phone', '+62 812-3456-7890', vex, 'IDR')).toEqual({ value: '6281234567890' })
    expect(readMobile('Phone', '0812 3456 7890', vex, 'IDR')).toEqual({ value: '081234567890' })
    expect(readMobile('Phone', '(0812) 3456.7890', vex, 'IDR')).toEqual({ value: '081234567890' })
    expect(readMobile('Phone', '+66 81 234 5678', blue, 'THB')).toEqual({ value: '0812345678' })
    expect(readMobile('Phone', '+66 91 234 5678', th, 'THB')).toEqual({ value: '912345678' })
    // Already in the gateway's form, or not a number at all: left to the gateway's own rule.
    expect(readMobile('Phone', '081234567890', vex, 'IDR')).toEqual({ value: '081234567890' })
    expect(readMobile('Phone', 'call me', vex, 'IDR')).toEqual({ value: 'call me' })
    expect(readMobile('Phone', '12', vex, 'IDR')).toEqual({ value: '12' })
    expect(readMobile('Phone', '+6281234567890', vex, 'IDR')).toEqual({ value: '6281234567890' })
    const short = readMobile('Phone', '+62 812-34', vex, 'IDR')
    expect('problem' in short && short.problem).toMatchObject({
      code: 'phone_invalid',
      message:
        'Phone "+62 812-34" reads as 6281234 (7 digits), which is not a mobile number the gateway takes: write it like 081234567890',
    })
    const abroad = readMobile('Phone', '+1 555 010 0000', vex, 'IDR')
    expect('problem' in abroad && abroad.problem).toMatchObject({
      code: 'phone_invalid',
      message:
        'Phone "+1 555 010 0000" is not a number of this gateway\'s country (+62): write it like 081234567890',
    })
  })

  it('refuses a name holding "?" or U+FFFD, and only then', () => {
    expect(lostLetters('Name', 'customerName', 'Nguy?n V?n Bình', 'windows-1252')).toMatchObject({
      code: 'encoding_lost',
      params: { column: 'Name', value: 'Nguy?n V?n Bình', encoding: 'windows-1252' },
    })
    expect(lostLetters('Name', 'customerName', 'M\uFFFDller', null)?.code).toBe('encoding_lost')
    // All of them lost makes a plain ASCII file, read as UTF-8: which cannot be the encoding to blame.
    expect(lostLetters('Name', 'customerName', 'Nguy?n V?n B?nh', 'UTF-8')?.params).toEqual({
      column: 'Name',
      value: 'Nguy?n V?n B?nh',
    })
    for (const name of ['Nguyễn Văn Bình', "O'Brien-Smith", '张伟', 'José (Pepe) Müller'])
      expect(lostLetters('Name', 'customerName', name, 'UTF-8'), name).toBeNull()
  })

  it('refuses a bank code that lost the leading zeros of one on the list, and only that', () => {
    const codes = bankCodeIndex(['0002', '008', 'BCA'])
    expect(lostBankZeros('Bank', 'bankCode', '2', codes)).toMatchObject({
      code: 'bank_code_zeros',
      params: { value: '2', code: '0002' },
    })
    expect(lostBankZeros('Bank', 'bankCode', '8', codes)?.params.code).toBe('008')
    expect(lostBankZeros('Bank', 'bankCode', '02', codes)?.params.code).toBe('0002')
    for (const code of ['0002', '008', '014', '9', 'BCA'])
      expect(lostBankZeros('Bank', 'bankCode', code, codes), code).toBeNull()
  })
})
