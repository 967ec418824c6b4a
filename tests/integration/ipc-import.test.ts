import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { autoMapColumns } from '../../electron/import/column-map.ts'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { changesSince } from '../support/ledger-fixtures.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { scriptedFiles, type ScriptedFiles } from '../support/scripted-files.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
let files: ScriptedFiles
const { call, refusal } = ipcCaller(() => handlers)

beforeEach(async () => {
  tmp = makeTempDir()
  files = scriptedFiles(tmp.dir)
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    // Running, so the built-in sandbox profiles can send what a confirm writes (nothing is sent here).
    sandbox: {},
    poll: false,
    files: files.port,
  })
  handlers = createHandlers(services, () => undefined)
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

const vexoraId = () => {
  const p = listProfiles(services.ledger).find((x) => x.provider === 'vexora')
  if (!p) throw new Error('no Vexora profile')
  return p.id
}
const csv = (text: string, name = 'july.csv') => ({ name, bytes: Buffer.from(text) })
const payoutCount = () => services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get() as number

const HEADER = '收款人,银行账号,银行代码,手机号,邮箱,金额'
const FILE = [
  HEADER,
  'Siti,0012345,0002,081234567890,siti@example.com,"1,250,000"', // 2: fine
  'Budi,0099887,0002,081234567890,budi@example.com,abc', //          3: bad amount
  'Ayu,,0002,081234567890,ayu@example.com,50000', //                 4: account missing
  'Siti,0012345,0002,081234567890,siti@example.com,"1,250,000"', // 5: same as line 2
].join('\n')

describe('batch import over IPC', () => {
  it('stages a file in main, lets rows be fixed, removed and accepted, and writes nothing until confirm', async () => {
    files.next = csv(FILE)
    const before = changesSince(services.ledger)
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    expect(view.mapping).toMatchObject({ 收款人: 'customerName', 银行账号: 'bankAccountNo', 金额: 'amount' })
    expect(view.rows.map((r) => r.line)).toEqual([2, 3, 4, 5])
    expect(view.rows[0]?.cells['银行账号']).toBe('0012345')
    expect(view.rows[1]?.errors.map((e) => e.code)).toEqual(['amount_invalid'])
    expect(view.rows[2]?.errors).toMatchObject([{ code: 'field_required', target: 'bankAccountNo' }])
    expect(view.rows[3]?.warnings).toMatchObject([{ code: 'same_in_file', params: { line: 2 } }])
    expect(view).toMatchObject({
      valid: 2,
      invalid: 2,
      unaccepted: 1,
      totalMinor: 2_500_000,
      currency: 'IDR',
    })

    const id = view.importId
    expect((await refusal('confirmImport', { importId: id })).message).toMatch(/2 rows have errors/)
    let next = await call('editImportRow', { importId: id, line: 3, cells: { 金额: '75,000' } })
    expect(next.rows[1]).toMatchObject({ errors: [], amountMinor: 75_000 })
    next = await call('removeImportRow', { importId: id, line: 4 })
    expect(next.rows.map((r) => r.line)).toEqual([2, 3, 5])
    expect((await refusal('confirmImport', { importId: id })).message).toMatch(/not accepted/)
    expect((await refusal('removeImportRow', { importId: id, line: 4 })).code).toBe('NOT_FOUND')
    next = await call('acceptImportWarning', {
      importId: id,
      line: 5,
      accepted: true,
      revision: next.revision,
    })
    expect(next).toMatchObject({ valid: 3, invalid: 0, unaccepted: 0, totalMinor: 2_575_000 })
    // Editing an accepted row takes the acceptance back: the person must look again.
    next = await call('editImportRow', { importId: id, line: 5, cells: { 收款人: 'Siti R' } })
    expect(next.unaccepted).toBe(1)
    await call('acceptImportWarning', { importId: id, line: 5, accepted: true, revision: next.revision })
    expect(changesSince(services.ledger, before)).toBe(0)

    const committed = await call('confirmImport', { importId: id })
    expect(committed.count).toBe(3)
    const rows = services.ledger
      .prepare(
        'SELECT account_no, amount_minor, status FROM payouts WHERE batch_id = ? ORDER BY amount_minor',
      )
      .all(committed.batchId)
    expect(rows).toEqual([
      { account_no: '0099887', amount_minor: 75_000, status: 'queued' },
      { account_no: '0012345', amount_minor: 1_250_000, status: 'queued' },
      { account_no: '0012345', amount_minor: 1_250_000, status: 'queued' },
    ])
    expect((await refusal('confirmImport', { importId: id })).code).toBe('NOT_FOUND')

    // The same file again: warned as a repeat, and refused until the person says they mean it.
    files.next = csv(FILE)
    const again = await call('openImportFile', { profileId: vexoraId() })
    if (!again) throw new Error('no view')
    expect(again.previousImport?.batchId).toBe(committed.batchId)
    expect(again.rows[0]?.warnings.map((w) => w.code)).toContain('sent_recently')
  })

  it('remembers a hand-made column mapping for the profile, and refuses impossible mappings', async () => {
    files.next = csv('Who,Acct,Bank,HP,Mail,Pay\nAna,0011,0002,081234567890,a@example.com,20000\n')
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    expect(view.mapping.Pay).toBeNull()
    expect(view.targets.map((t) => t.key)).toContain('customerName')
    const id = view.importId
    expect((await refusal('remapImport', { importId: id, mapping: { Pay: 'salary' } })).message).toMatch(
      /not a field/,
    )
    expect(
      (await refusal('remapImport', { importId: id, mapping: { Pay: 'amount', Acct: 'amount' } })).message,
    ).toMatch(/Two columns/)
    const mapped = await call('remapImport', {
      importId: id,
      mapping: {
        Who: 'customerName',
        Acct: 'bankAccountNo',
        Bank: 'bankCode',
        HP: 'mobile',
        Mail: 'email',
        Pay: 'amount',
      },
    })
    expect(mapped).toMatchObject({ valid: 1, invalid: 0 })
    await call('confirmImport', { importId: id })

    files.next = csv('Who,Acct,Bank,HP,Mail,Pay\nBo,0022,0002,081234567890,b@example.com,30000\n', 'aug.csv')
    const second = await call('openImportFile', { profileId: vexoraId() })
    expect(second?.mapping).toMatchObject({ Pay: 'amount', Acct: 'bankAccountNo', Who: 'customerName' })
    expect(second?.valid).toBe(1)
  })

  it('edits and re-maps columns named like Object methods (constructor, toString) as plain columns', async () => {
    files.next = csv(
      'constructor,toString,bankCode,mobile,email,amount\nAna,0011,0002,081234567890,a@example.com,20000\n',
    )
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    const id = view.importId
    // Only the amount column is named in the request; the others keep their mapping.
    const mapped = await call('remapImport', {
      importId: id,
      mapping: { constructor: 'customerName', toString: 'bankAccountNo' },
    })
    expect(mapped.mapping).toMatchObject({ constructor: 'customerName', toString: 'bankAccountNo' })
    expect(mapped).toMatchObject({ valid: 1, invalid: 0 })
    const kept = await call('remapImport', { importId: id, mapping: { amount: 'amount' } })
    expect(kept.mapping).toMatchObject({ constructor: 'customerName', toString: 'bankAccountNo' })
    const edited = await call('editImportRow', { importId: id, line: 2, cells: { amount: '30000' } })
    expect(edited.rows[0]?.cells).toEqual({
      constructor: 'Ana',
      toString: '0011',
      bankCode: '0002',
      mobile: '081234567890',
      email: 'a@example.com',
      amount: '30000',
    })
    const renamed = await call('editImportRow', { importId: id, line: 2, cells: { toString: '0099' } })
    expect(renamed.rows[0]).toMatchObject({ errors: [], cells: { toString: '0099', constructor: 'Ana' } })
  })

  it('refuses mapping and cells objects with more keys than a file can have columns, in plain words', async () => {
    files.next = csv(FILE)
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`c${i}`, null]))
    const remap = await refusal('remapImport', { importId: view.importId, mapping: many })
    expect(remap.message).toMatch(/at most 256 columns/)
    const cells = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`c${i}`, 'x']))
    const edit = await refusal('editImportRow', { importId: view.importId, line: 2, cells })
    expect(edit.message).toMatch(/at most 256 columns/)
    // 256 keys are still a valid request.
    const fine = Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`c${i}`, 'x']))
    expect(
      (await call('editImportRow', { importId: view.importId, line: 2, cells: fine })).rows,
    ).toHaveLength(4)
  })

  it('names the sheet, header row, hidden rows and ignored columns, and switches sheets on request', async () => {
    const workbook = new ExcelJS.Workbook()
    const june = workbook.addWorksheet('June')
    june.addRows([['Beneficiary', 'Account No', 'Bank Code', 'Mobile', 'Email', 'Amount']])
    june.addRow(['Paid In June', '0099', '0002', '081234567890', 'j@example.com', 10000])
    const july = workbook.addWorksheet('July')
    july.addRow(['Payouts July'])
    july.addRow(['Beneficiary', 'Account No', 'Bank Code', 'Mobile', 'Email', 'Amount', 'Invoice'])
    july.addRow(['Ana', '0011', '0002', '081234567890', 'a@example.com', 20000, 'INV-1'])
    july.addRow(['Paid Already', '0012', '0002', '081234567890', 'p@example.com', 30000, 'INV-0']).hidden =
      true
    july.addRow(['Bo', 14, '0002', '081234567890', 'b@example.com', 40000, 'INV-2'])
    workbook.views = [
      { activeTab: 1, firstSheet: 0, x: 0, y: 0, width: 100, height: 100, visibility: 'visible' },
    ]
    files.next = { name: 'months.xlsx', bytes: Buffer.from(await workbook.xlsx.writeBuffer()) }
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    expect(view.source).toEqual({
      sheet: 'July',
      sheets: ['June', 'July'],
      headerLine: 2,
      hiddenRows: 1,
      encoding: null,
    })
    expect(view.ignored).toEqual(['Invoice'])
    expect(view.rows.map((r) => r.line)).toEqual([3, 5])
    expect(view.rows[1]?.errors).toMatchObject([
      { code: 'stored_as_number', params: { column: 'Account No' } },
    ])
    // Typed again by the person, the account is text: no longer a number that lost its zeros.
    const fixed = await call('editImportRow', {
      importId: view.importId,
      line: 5,
      cells: { 'Account No': '0014' },
    })
    expect(fixed.rows[1]).toMatchObject({ errors: [], cells: { 'Account No': '0014' } })
    const juneView = await call('remapImport', { importId: view.importId, mapping: {}, sheet: 'June' })
    expect(juneView.source).toMatchObject({ sheet: 'June', headerLine: 1, hiddenRows: 0 })
    expect(juneView.rows.map((r) => r.cells.Beneficiary)).toEqual(['Paid In June'])
    expect(
      (await refusal('remapImport', { importId: view.importId, mapping: {}, sheet: 'August' })).message,
    ).toMatch(/no sheet "August"/)
  })

  it('asks again whether to send a file imported before once another of its sheets is chosen', async () => {
    const workbook = new ExcelJS.Workbook()
    for (const [month, account] of [
      ['June', '0031'],
      ['July', '0032'],
    ] as const)
      workbook.addWorksheet(month).addRows([
        ['Beneficiary', 'Account No', 'Bank Code', 'Mobile', 'Email', 'Amount'],
        [`Paid ${month}`, account, '0002', '081234567890', 'm@example.com', 10000],
      ])
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    files.next = { name: 'months.xlsx', bytes }
    const first = await call('openImportFile', { profileId: vexoraId() })
    if (!first) throw new Error('no view')
    await call('confirmImport', { importId: first.importId })
    files.next = { name: 'months.xlsx', bytes }
    const again = await call('openImportFile', { profileId: vexoraId() })
    if (!again) throw new Error('no view')
    expect(again.previousImport).not.toBeNull()
    const ticked = await call('acceptImportWarning', {
      importId: again.importId,
      line: 'file',
      accepted: true,
      revision: again.revision,
    })
    expect(ticked.repeatAccepted).toBe(true)
    // The tick was for the sheet the person saw: another sheet is another question.
    const other = await call('remapImport', { importId: again.importId, mapping: {}, sheet: 'July' })
    expect(other.source.sheet).toBe('July')
    expect(other.repeatAccepted).toBe(false)
    expect((await refusal('confirmImport', { importId: again.importId })).message).toMatch(/imported/)
  })

  it('reads 1.500.000 amounts only after the file-wide confirmation, and refuses to send before it', async () => {
    files.next = csv(
      'Name,Account No,Bank Code,Mobile,Email,Amount\nAna,0011,0002,081234567890,a@example.com,"Rp 1.500.000"\nBo,0022,0002,081234567890,b@example.com,25.000\n',
    )
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    expect(view.thousandsDot).toEqual({
      column: 'Amount',
      example: 'Rp 1.500.000',
      value: '1500000',
      confirmed: false,
    })
    expect((await refusal('confirmImport', { importId: view.importId })).message).toMatch(
      /dots between thousands.*Tick the box/,
    )
    const confirmed = await call('acceptImportWarning', {
      importId: view.importId,
      line: 'thousands-dot',
      accepted: true,
      revision: view.revision,
    })
    expect(confirmed).toMatchObject({ valid: 2, invalid: 0, totalMinor: 1_525_000 })
    expect((await call('confirmImport', { importId: view.importId })).count).toBe(2)

    // A number in a workbook is a number: 150.123 stays one hundred and fifty, never 150123.
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('S').addRows([
      ['Name', 'Account No', 'Bank Code', 'Mobile', 'Email', 'Amount'],
      ['Cy', '0033', '0002', '081234567890', 'c@example.com', '1.500.000'],
      ['Di', '0044', '0002', '081234567890', 'd@example.com', 150.123],
    ])
    files.next = { name: 'mixed.xlsx', bytes: Buffer.from(await workbook.xlsx.writeBuffer()) }
    const mixed = await call('openImportFile', { profileId: vexoraId() })
    if (!mixed) throw new Error('no view')
    expect(mixed.thousandsDot).toMatchObject({ example: '1.500.000' })
    const read = await call('acceptImportWarning', {
      importId: mixed.importId,
      line: 'thousands-dot',
      accepted: true,
      revision: mixed.revision,
    })
    expect(read.rows.map((r) => r.amountMinor)).toEqual([1_500_000, null])
    expect(read.rows[1]?.errors.map((e) => e.code)).toEqual(['amount_invalid'])
    expect(
      services.ledger.prepare('SELECT amount_minor FROM payouts ORDER BY amount_minor').pluck().all(),
    ).toEqual([25_000, 1_500_000])
  })

  it('a cancelled dialog is no error and opens nothing; an unreadable file says what to do', async () => {
    files.next = null
    expect(await call('openImportFile', { profileId: vexoraId() })).toBeNull()
    files.next = { name: 'payouts.pdf', bytes: Buffer.from('%PDF') }
    expect((await refusal('openImportFile', { profileId: vexoraId() })).message).toMatch(/\.csv or \.xlsx/)
    files.next = { name: 'payouts.xlsx', bytes: Buffer.from('not a zip') }
    expect((await refusal('openImportFile', { profileId: vexoraId() })).message).toMatch(
      /not a readable Excel/,
    )
    expect(payoutCount()).toBe(0)
  })

  it('reads XLSX with identifiers as text, and a template it wrote maps every column by itself', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Sheet1')
    sheet.addRow(['amount', 'customerName', 'bankAccountNo', 'bankCode', 'mobile', 'email'])
    const row = sheet.addRow([150000, '李雷', '0012345', '0002', '081234567890', 'li@example.com'])
    // Excel kept only the number, but shows it with its leading zeros through the cell's format.
    row.getCell(3).value = 12345
    row.getCell(3).numFmt = '0000000'
    files.next = { name: 'may.xlsx', bytes: Buffer.from(await workbook.xlsx.writeBuffer()) }
    const view = await call('openImportFile', { profileId: vexoraId() })
    expect(view?.rows[0]).toMatchObject({
      amountMinor: 150_000,
      errors: [],
      cells: { bankAccountNo: '0012345', customerName: '李雷', bankCode: '0002' },
    })

    const template = await call('saveImportTemplate', { profileId: vexoraId() })
    expect(template.savedTo).toMatch(/payout-template-vexora-id\.xlsx$/)
    const read = await workbookHeader(template.savedTo ?? '')
    const shape = payoutShape('vexora', 'ID')
    if (!shape) throw new Error('no Vexora ID shape')
    expect(Object.entries(autoMapColumns(read, shape)).filter(([h, target]) => h !== target)).toEqual([])
    expect(read).toEqual([
      'amount',
      'reference',
      'bankCode',
      'bankAccountNo',
      'customerName',
      'mobile',
      'email',
      'remark',
    ])
  })

  it('reads a CSV saved as GB18030 (Excel on a Chinese Windows) without garbling names', async () => {
    const bytes = readFileSync('tests/fixtures/import-gb18030.csv')
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    files.next = { name: 'gbk.csv', bytes }
    const view = await call('openImportFile', { profileId: vexoraId() })
    expect(view?.rows[0]?.cells['收款人']).toBe('张伟')
    expect(view?.valid).toBe(1)
  })
})

describe('bank lists', () => {
  it("offers the gateway docs' codes, marked as such, and puts the person's imported list first", async () => {
    const shipped = await call('getBankList', { profileId: vexoraId() })
    expect(shipped.field).toBe('bankCode')
    expect(shipped.entries).toEqual([{ code: '0002', name: null, source: 'docs' }])
    expect(shipped.note).toMatch(/not published/)

    files.next = csv('代码,名称\n0002,Bank Dua\n0014,Bank Empat Belas\n0014,again\n', 'banks.csv')
    const mine = await call('importBankList', { profileId: vexoraId() })
    expect(mine?.entries).toEqual([
      { code: '0002', name: 'Bank Dua', source: 'yours' },
      { code: '0014', name: 'Bank Empat Belas', source: 'yours' },
    ])
    files.next = csv('name\nNo codes here\n', 'bad.csv')
    expect((await refusal('importBankList', { profileId: vexoraId() })).message).toMatch(
      /column named "code"/,
    )
    files.next = csv('code\n=cmd|calc\n', 'evil.csv')
    expect((await refusal('importBankList', { profileId: vexoraId() })).message).toMatch(/not a bank code/)
    // A refused file leaves the earlier list as it was.
    expect((await call('getBankList', { profileId: vexoraId() })).entries).toHaveLength(2)
  })

  it("refuses a bank code that lost the leading zeros of one on the person's list, in the window's review", async () => {
    files.next = csv('code,name\n008,Bank Delapan\n', 'banks.csv')
    await call('importBankList', { profileId: vexoraId() })
    files.next = csv(
      [
        '收款人,开户银行,账号,手机,邮箱,金额',
        'Siti,8,0012345,+62 812-3456-7890,siti@example.com,50000',
        'Budi,008,0012346,0812 3456 7891,budi@example.com,50000',
      ].join('\n'),
    )
    const view = await call('openImportFile', { profileId: vexoraId() })
    if (!view) throw new Error('no view')
    expect(view.mapping).toMatchObject({ 开户银行: 'bankCode', 账号: 'bankAccountNo', 手机: 'mobile' })
    expect(view.rows[0]?.errors).toEqual([
      {
        code: 'bank_code_zeros',
        target: 'bankCode',
        params: { column: '开户银行', value: '8', code: '008' },
        message:
          '开户银行 "8" has lost its leading zeros: the gateway\'s bank list has "008". A CSV or a General cell drops them; format the column as Text and type 008',
      },
    ])
    expect(view.rows[1]?.errors).toEqual([])
    expect(view.valid).toBe(1)
  })
})

/** The template's header row, read back through the import's own reader. */
async function workbookHeader(path: string): Promise<string[]> {
  const bytes = readFileSync(path)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  const header = (workbook.worksheets[0]?.getRow(1).values as unknown[]).slice(1).map(String)
  // An empty template has no data rows, which the reader refuses in plain words.
  await expect(readSheet('t.xlsx', bytes)).rejects.toThrow(/no rows|no payouts/)
  return header
}
