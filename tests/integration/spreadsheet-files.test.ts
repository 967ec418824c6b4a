import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxOrder } from '../../electron/sandbox/orders.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { buildWithCalc, calcMissing, type CalcRow } from '../support/calc-files.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/**
 * "What the spreadsheet shows is what gets paid": files typed into LibreOffice Calc and saved by Calc's
 * own XLSX and CSV export, sent with `payout-desk send --yes --skip-invalid` against the sandbox gateway.
 * Every case checks what reached the gateway, field by field, not only what the summary said.
 */
const missing = calcMissing()
const suite = missing ? describe.skip : describe

const tmp = makeTempDir('payout-desk-calc-')
const data = ['--data-dir', join(tmp.dir, 'data')]
const V = 'Calc Vexora'
let sandbox: Sandbox
let file: ReturnType<typeof buildWithCalc>

const num = (value: number, format: 'pad10-id' | 'pad3-id' | 'pad12-th' | 'rupiah') => ({ value, format })
const payee = (name: string, account: string, amount: number | string | ReturnType<typeof num>): CalcRow => ({
  cells: [name, '014', account, '081234567890', 'pay@example.com', amount],
})
const SIMPLE_HEADER: CalcRow = {
  cells: ['Name', 'Bank Code', 'Account Number', 'Mobile', 'Email', 'Amount'],
}

/** Every order the sandbox gateway holds, as its own HTTP listing reports them. */
async function gatewayOrders(): Promise<SandboxOrder[]> {
  const reply = await fetch(`${sandbox.url}/__sandbox/orders`)
  expect(reply.status).toBe(200)
  return (await reply.json()) as SandboxOrder[]
}

/** The orders the sandbox gateway received during `run`, smallest amount first. */
async function ordersDuring(run: () => Promise<unknown>) {
  const before = new Set((await gatewayOrders()).map((o) => o.reference))
  await run()
  return (await gatewayOrders())
    .filter((o) => !before.has(o.reference))
    .map((o) => ({ amountMinor: o.amountMinor, fields: o.fields }))
    .sort((a, b) => a.amountMinor - b.amountMinor)
}

const send = (path: string, ...extra: string[]) =>
  runCli([
    ...data,
    'send',
    '--profile',
    V,
    '--file',
    path,
    '--yes',
    '--skip-invalid',
    '--accept-duplicates',
    // The same people are paid from several files here; what is read from each file is what is checked.
    '--accept-account-changes',
    ...extra,
  ])

suite(
  missing ? `files made by LibreOffice Calc (skipped: ${missing})` : 'files made by LibreOffice Calc',
  () => {
    beforeAll(async () => {
      sandbox = await startSandbox({ settleAfterMs: 200, callbackRetryDelaysMs: [] })
      file = buildWithCalc(tmp.dir, [
        {
          name: 'july',
          exports: ['xlsx'],
          sheets: [
            {
              name: 'July',
              rows: [
                { cells: ['PT Contoh — payouts July 2026'] },
                { cells: [] },
                {
                  cells: [
                    'Beneficiary Name',
                    'Bank',
                    'Bank Code',
                    'Account No',
                    'Mobile',
                    'Email',
                    'Amount (IDR)',
                    'Invoice',
                  ],
                },
                // 4: everything typed as text.
                {
                  cells: [
                    'José Müller',
                    'BCA',
                    '014',
                    '0123456789',
                    '081234567890',
                    'jose@example.com',
                    150000,
                    'INV-1',
                  ],
                },
                // 5: typed as numbers, with zero-padding formats in two locales: the screen shows the zeros.
                {
                  cells: [
                    'Siti Aminah',
                    'BRI',
                    num(14, 'pad3-id'),
                    num(123456780, 'pad10-id'),
                    num(81234567890, 'pad12-th'),
                    'siti@example.com',
                    200000,
                    'INV-2',
                  ],
                },
                // 6 and 7: hidden by hand and filtered out (already paid).
                {
                  visibility: 'collapse',
                  cells: [
                    'Paid Already',
                    'BCA',
                    '014',
                    '0555000111',
                    '081234567890',
                    'p@example.com',
                    999000,
                    'INV-0',
                  ],
                },
                {
                  visibility: 'filter',
                  cells: [
                    'Filtered Out',
                    'BCA',
                    '014',
                    '0555000222',
                    '081234567890',
                    'f@example.com',
                    888000,
                    'INV-9',
                  ],
                },
                // 8: an account typed as a General number: Calc stored 123456789, the person typed 0123456789.
                {
                  cells: ['Budi', 'BNI', '009', 123456789, '081234567890', 'b@example.com', 300000, 'INV-3'],
                },
                // 9: 16 digits as a number: the last digit is already gone.
                {
                  cells: [
                    'Long',
                    'BNI',
                    '009',
                    1234567890123456,
                    '081234567890',
                    'l@example.com',
                    400000,
                    'INV-4',
                  ],
                },
                // 10: a line break inside the name.
                {
                  cells: [
                    'Ana\nMaria',
                    'BNI',
                    '009',
                    '0777000222',
                    '081234567890',
                    'a@example.com',
                    50000,
                    'INV-5',
                  ],
                },
                // 11: decimals in a currency without them.
                {
                  cells: [
                    'Dewi',
                    'BNI',
                    '009',
                    '0777000333',
                    '081234567890',
                    'd@example.com',
                    '100000.50',
                    'INV-6',
                  ],
                },
              ],
            },
          ],
        },
        {
          name: 'latin',
          exports: ['utf8.csv', 'utf16.csv', 'cp1252.csv', 'semicolon.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                SIMPLE_HEADER,
                payee('José Müller', '0011000001', 20000),
                payee('Zoë Ångström', '0011000002', 21000),
              ],
            },
          ],
        },
        {
          name: 'thai',
          exports: ['cp874.csv'],
          sheets: [{ name: 'Payouts', rows: [SIMPLE_HEADER, payee('สมชาย ใจดี', '0022000001', 22000)] }],
        },
        {
          name: 'chinese',
          exports: ['cp936.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                { cells: ['收款人姓名', '银行代码', '银行账号', '手机号', '邮箱', '金额（元）'] },
                payee('张伟', '0033000001', 23000),
              ],
            },
          ],
        },
        {
          name: 'rupiah',
          exports: ['xlsx', 'utf8.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                SIMPLE_HEADER,
                payee('Rina', '0044000001', num(1500000, 'rupiah')),
                payee('Tono', '0044000002', num(25000, 'rupiah')),
              ],
            },
          ],
        },
        // A payroll sheet as people keep it: filter buttons on the header (one row filtered out), a
        // payslip linked from the name, a comment on an amount.
        {
          name: 'parts',
          exports: ['xlsx'],
          sheets: [
            {
              name: 'Payroll',
              autoFilter: true,
              rows: [
                SIMPLE_HEADER,
                {
                  cells: [
                    { text: 'Linked Person', link: 'file:///srv/payroll/slips/linked.pdf' },
                    '014',
                    '0077000001',
                    '081234567890',
                    'pay@example.com',
                    32000,
                  ],
                },
                {
                  cells: [
                    'Commented Person',
                    '014',
                    '0077000002',
                    '081234567890',
                    'pay@example.com',
                    { text: '33000', comment: 'checked by HR' },
                  ],
                },
                {
                  visibility: 'filter',
                  cells: ['Paid In June', '014', '0077000003', '081234567890', 'p@example.com', 34000],
                },
              ],
            },
          ],
        },
        // English header variants, saved by Calc as Windows-1252: Calc writes "?" for the Vietnamese
        // letters the code page lacks. One row per problem, and one with all of them at once.
        {
          name: 'variants',
          exports: ['cp1252.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                { cells: ['Account name', 'Bank', 'Account number', 'Phone', 'E-mail', 'Amount'] },
                {
                  cells: ['Nguyễn Văn Bình', '0002', '0088000001', '081234567890', 'n@example.com', '40000'],
                },
                {
                  cells: ['René Dupont', '0002', '0088000002', '+62 812-3456-7890', 'j@example.com', '41000'],
                },
                { cells: ['Budi', '2', '0088000003', '081234567890', 'b@example.com', '42000'] },
                { cells: ['Ana', '2', '', '+62 812-34', '', '1000.50'] },
              ],
            },
          ],
        },
        {
          name: 'chinese-variants',
          exports: ['utf8.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                { cells: ['收款人', '开户银行', '账号', '手机', '邮箱', '金额'] },
                { cells: ['王芳', '0002', '0099000001', '+62 812 3456 7891', 'w@example.com', '43000'] },
              ],
            },
          ],
        },
        {
          name: 'unknown-column',
          exports: ['utf8.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                { cells: ['Name', 'Bnk', 'Account Number', 'Mobile', 'Email', 'Amount'] },
                { cells: ['Tono', '0002', '0099000002', '081234567890', 't@example.com', '44000'] },
              ],
            },
          ],
        },
        // No amount column, and a row with another problem: both are told in one run.
        {
          name: 'no-amount',
          exports: ['utf8.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                { cells: ['Name', 'Bank Code', 'Account Number', 'Mobile', 'Email', 'Pay'] },
                { cells: ['Tini', '0002', '0099000003', '081234567890', 'not-an-email', '45000'] },
              ],
            },
          ],
        },
        // One amount written 10.000.000 among amounts written 1,500,000.
        {
          name: 'mixed-amounts',
          exports: ['utf8.csv'],
          sheets: [
            {
              name: 'Payouts',
              rows: [
                SIMPLE_HEADER,
                payee('Dots Person', '0099000004', '10.000.000'),
                payee('Commas Person', '0099000005', '1,500,000'),
              ],
            },
          ],
        },
        {
          name: 'months',
          exports: ['xlsx'],
          sheets: [
            { name: 'June', rows: [SIMPLE_HEADER, payee('June Person', '0055000001', 30000)] },
            { name: 'July', rows: [SIMPLE_HEADER, payee('July Person', '0055000002', 31000)] },
          ],
        },
      ])
      const added = await runCli(
        [
          ...data,
          'profile',
          'add',
          '--name',
          V,
          '--provider',
          'vexora',
          '--base-url',
          sandbox.vexoraBaseUrl('id'),
          '--merchant-no',
          sandbox.credentials.vexora.merchantNo,
          '--notify-url',
          'http://127.0.0.1:9/none',
          '--secret-stdin',
        ],
        `${sandbox.credentials.vexora.secret}\n`,
      )
      expect(added.code, added.stderr).toBe(0)
    }, 90_000)
    afterAll(async () => {
      await sandbox.close()
      tmp.cleanup()
    })

    it('XLSX: pays the displayed identifiers, leaves hidden and filtered rows out, refuses numbers that lost digits', async () => {
      let result = await runCli([])
      const orders = await ordersDuring(async () => (result = await send(file('july', 'xlsx'))))
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain(
        'Read july.xlsx, sheet "July"; header on row 3; 2 hidden rows left out.',
      )
      expect(result.stdout).toContain('"Bank Code" → bankCode')
      expect(result.stdout).toContain('"Account No" → bankAccountNo')
      expect(result.stdout).toContain('"Amount (IDR)" → amount')
      expect(result.stdout).toContain('Ignored columns: "Bank", "Invoice".')
      expect(result.stdout).toContain('2 payouts ready, 4 with errors')
      expect(result.stderr).toContain(
        'line 8: Account No "123456789" is stored as a number, so a leading zero may be lost; format the column as Text and type it again',
      )
      expect(result.stderr).toMatch(
        /line 9: Account No "1234567890123\d+" is a number too long for a spreadsheet/,
      )
      expect(result.stderr).toContain('line 10: Beneficiary Name has a line break; put it on one line')
      expect(result.stderr).toContain(
        'line 11: Amount (IDR) "100000.50" is not a valid amount: write 100000; IDR has no decimals',
      )
      expect(orders).toEqual([
        {
          amountMinor: 150000,
          fields: {
            bankCode: '014',
            bankAccountNo: '0123456789',
            customerName: 'José Müller',
            mobile: '081234567890',
            email: 'jose@example.com',
          },
        },
        {
          amountMinor: 200000,
          fields: {
            bankCode: '014',
            bankAccountNo: '0123456780',
            customerName: 'Siti Aminah',
            mobile: '081234567890',
            email: 'siti@example.com',
          },
        },
      ])
    }, 60_000)

    it('CSV in UTF-8, UTF-8 with BOM, UTF-16, Windows-1252 and semicolons: the names arrive as typed', async () => {
      const bom = join(tmp.dir, 'latin-utf8-bom.csv')
      writeFileSync(
        bom,
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(file('latin', 'utf8.csv'))]),
      )
      const expected = [
        { amountMinor: 20000, name: 'José Müller', account: '0011000001' },
        { amountMinor: 21000, name: 'Zoë Ångström', account: '0011000002' },
      ]
      for (const [path, encoding] of [
        [file('latin', 'utf8.csv'), 'UTF-8'],
        [bom, 'UTF-8'],
        [file('latin', 'utf16.csv'), 'UTF-16LE'],
        [file('latin', 'cp1252.csv'), 'windows-1252'],
        [file('latin', 'semicolon.csv'), 'UTF-8'],
      ] as const) {
        let result = await runCli([])
        const orders = await ordersDuring(async () => (result = await send(path)))
        expect(result.code, `${path}: ${result.stderr}`).toBe(0)
        expect(result.stdout, path).toContain(`(${encoding}); header on row 1.`)
        expect(
          orders.map((o) => ({
            amountMinor: o.amountMinor,
            name: o.fields.customerName,
            account: o.fields.bankAccountNo,
          })),
          path,
        ).toEqual(expected)
      }
    }, 90_000)

    it('CSV in Windows-874 (Thai) and GB18030/936 (Chinese headers with units) arrive as typed', async () => {
      let result = await runCli([])
      const thai = await ordersDuring(async () => (result = await send(file('thai', 'cp874.csv'))))
      expect(result.code, result.stderr).toBe(0)
      expect(thai.map((o) => o.fields.customerName)).toEqual(['สมชาย ใจดี'])
      const chinese = await ordersDuring(async () => (result = await send(file('chinese', 'cp936.csv'))))
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('"收款人姓名" → customerName')
      expect(result.stdout).toContain('"金额（元）" → amount')
      expect(chinese).toEqual([
        {
          amountMinor: 23000,
          fields: {
            bankCode: '014',
            bankAccountNo: '0033000001',
            customerName: '张伟',
            mobile: '081234567890',
            email: 'pay@example.com',
          },
        },
      ])
    }, 60_000)

    it('Rupiah amounts written 1.500.000 are sent only after --thousands-dot; XLSX numbers need no confirmation', async () => {
      const csv = file('rupiah', 'utf8.csv')
      expect(readFileSync(csv, 'utf8')).toContain('Rp 1.500.000')
      let result = await runCli([])
      const refused = await ordersDuring(async () => (result = await send(csv)))
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(
        'Amounts in "Amount" are written with dots between thousands: "Rp 1.500.000" = 1500000.',
      )
      expect(result.stderr).toContain('add --thousands-dot')
      expect(refused).toEqual([])
      const confirmed = await ordersDuring(async () => (result = await send(csv, '--thousands-dot')))
      expect(result.code, result.stderr).toBe(0)
      expect(confirmed.map((o) => o.amountMinor)).toEqual([25_000, 1_500_000])
      // Numbers in an XLSX are numbers: the flag changes nothing, and says so.
      const xlsx = await ordersDuring(
        async () => (result = await send(file('rupiah', 'xlsx'), '--thousands-dot')),
      )
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toContain('--thousands-dot: the amounts of this file are not written with dots')
      expect(xlsx.map((o) => o.amountMinor)).toEqual([25_000, 1_500_000])
    }, 60_000)

    it('a workbook with two sheets of payouts is refused without --sheet, listing them, and pays only the one named', async () => {
      let result = await runCli([])
      const none = await ordersDuring(async () => (result = await send(file('months', 'xlsx'))))
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('The workbook has 2 sheets with data: "June", "July"')
      expect(result.stderr).toContain('--sheet NAME')
      expect(none).toEqual([])
      const july = await ordersDuring(
        async () => (result = await send(file('months', 'xlsx'), '--sheet', 'July')),
      )
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('sheet "July"')
      expect(july.map((o) => [o.fields.customerName, o.amountMinor])).toEqual([['July Person', 31000]])
      const csvSheet = await send(file('latin', 'utf8.csv'), '--sheet', 'July')
      expect(csvSheet.code).toBe(2)
      expect(csvSheet.stderr).toContain('--sheet applies to .xlsx workbooks only')
      const wrong = await send(file('months', 'xlsx'), '--sheet', 'August')
      expect(wrong.code).toBe(1)
      expect(wrong.stderr).toContain('no sheet "August" with payouts. Its sheets: "June", "July"')
    }, 60_000)

    it('a workbook with an AutoFilter, a hyperlink and a comment is read as it shows: the filtered row is left out', async () => {
      let result = await runCli([])
      const orders = await ordersDuring(async () => (result = await send(file('parts', 'xlsx'))))
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain(
        'Read parts.xlsx, sheet "Payroll"; header on row 1; 1 hidden row left out.',
      )
      expect(orders.map((o) => [o.fields.customerName, o.amountMinor])).toEqual([
        ['Linked Person', 32000],
        ['Commented Person', 33000],
      ])
    }, 60_000)

    it('header variants are matched; lost letters, lost bank-code zeros and phones are read or refused with the reason, every problem of a row at once', async () => {
      const csv = file('variants', 'cp1252.csv')
      expect(readFileSync(csv, 'latin1')).toContain('Nguy?n V?n B\u00ecnh')
      let result = await runCli([])
      const orders = await ordersDuring(async () => (result = await send(csv)))
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain(
        'Columns: "Account name" → customerName, "Bank" → bankCode, "Account number" → bankAccountNo, "Phone" → mobile, "E-mail" → email, "Amount" → amount.',
      )
      expect(result.stderr).toContain(
        'line 2: Account name "Nguy?n V?n Bình" has "?" where letters were lost: the file was saved in an encoding that could not hold them (windows-1252). Save it again as CSV UTF-8 or .xlsx, and check the name',
      )
      expect(result.stderr).toContain(
        'line 4: Bank "2" has lost its leading zeros: the gateway\'s bank list has "0002". A CSV or a General cell drops them; format the column as Text and type 0002',
      )
      // Every problem of line 5, not the first one only.
      const line5 = result.stderr.split('\n').filter((l) => l.startsWith('line 5: '))
      expect(line5).toEqual([
        'line 5: Bank "2" has lost its leading zeros: the gateway\'s bank list has "0002". A CSV or a General cell drops them; format the column as Text and type 0002',
        'line 5: Phone "+62 812-34" reads as 6281234 (7 digits), which is not a mobile number the gateway takes: write it like 081234567890',
        'line 5: Amount "1000.50" is not a valid amount: write 100000; IDR has no decimals',
        'line 5: Account number is missing',
        'line 5: E-mail is missing',
      ])
      expect(result.stdout).toContain('1 payout ready, 3 with errors')
      expect(orders).toEqual([
        {
          amountMinor: 41000,
          fields: {
            bankCode: '0002',
            bankAccountNo: '0088000002',
            customerName: 'René Dupont',
            mobile: '6281234567890',
            email: 'j@example.com',
          },
        },
      ])
    }, 60_000)

    it('Chinese header variants (开户银行, 收款人, 账号, 手机, 邮箱, 金额) are matched', async () => {
      let result = await runCli([])
      const orders = await ordersDuring(
        async () => (result = await send(file('chinese-variants', 'utf8.csv'))),
      )
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('"开户银行" → bankCode')
      expect(orders).toEqual([
        {
          amountMinor: 43000,
          fields: {
            bankCode: '0002',
            bankAccountNo: '0099000001',
            customerName: '王芳',
            mobile: '6281234567891',
            email: 'w@example.com',
          },
        },
      ])
    }, 60_000)

    it('an unrecognised column: the rows name the headers to use, never an internal field name', async () => {
      let result = await runCli([])
      const orders = await ordersDuring(async () => (result = await send(file('unknown-column', 'utf8.csv'))))
      expect(result.code).toBe(1)
      expect(result.stdout).toContain('Ignored columns: "Bnk".')
      expect(result.stdout).toContain(
        'No column is read as Bank Code; its header may be "Bank Code", "银行代码", "Kode Bank", "Transfer Code"',
      )
      expect(result.stderr).toContain(
        'line 2: Bank Code is missing: no column has a header for it; name one "Bank Code", "银行代码" or "Kode Bank"',
      )
      expect(result.stderr).not.toContain('bankCode')
      expect(result.stderr).toContain('No row of the file can be sent.')
      expect(orders).toEqual([])
    }, 60_000)

    it('a file without an amount column is told with every other problem, and plurals read right', async () => {
      const result = await runCli([
        ...data,
        'send',
        '--profile',
        V,
        '--file',
        file('no-amount', 'utf8.csv'),
        '--yes',
      ])
      expect(result.code).toBe(1)
      expect(result.stdout).toContain('Ignored columns: "Pay".')
      expect(result.stderr.split('\n').filter((l) => l.startsWith('line 2: '))).toEqual([
        'line 2: Amount is missing: no column has a header for it; name one "Amount", "金额" or "Jumlah"',
        'line 2: Email is not valid: write it like name@example.com',
      ])
      expect(result.stdout).toContain('0 payouts ready, 1 with errors')
      expect(result.stderr).toContain('Nothing was sent: no row can be sent as it is; fix the rows above.')
      expect(result.stderr).not.toContain('0 valid ones')
    }, 60_000)

    it('an amount written 10.000.000 among amounts written 1,500,000 is refused saying how to write it', async () => {
      let result = await runCli([])
      const orders = await ordersDuring(async () => (result = await send(file('mixed-amounts', 'utf8.csv'))))
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toContain(
        'line 2: Amount "10.000.000" is not a valid amount: write it without dots between thousands, 10000000',
      )
      expect(orders.map((o) => o.amountMinor)).toEqual([1_500_000])
    }, 60_000)
  },
)
