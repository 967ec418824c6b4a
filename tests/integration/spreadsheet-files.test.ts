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
  },
)
