import ExcelJS from 'exceljs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { accountKeyOf } from '../../shared/domain/payee-account.ts'
import { expect, openScreen, SCREENSHOT_DIR, test } from './harness/fixtures.ts'

const HEADER = 'Beneficiary,Account No,Bank Code,Mobile,Email,Amount'

/**
 * 500 rows as a business would export them: mostly fine, with typical mistakes at known lines. Line n of
 * the file is row n - 1 (line 1 is the header). Accounts ending in 000 are refused by the sandbox bank.
 */
function fiveHundredRows(): string {
  const lines = [HEADER]
  for (let i = 2; i <= 501; i++) {
    let account = `0${String(100_000 + i)}`
    let amount = `${20_000 + i * 10}`
    let mobile = '081234567890'
    if (i === 10) amount = 'ten thousand' // not an amount
    if (i === 20) account = '' //            missing account
    if (i === 30) mobile = '12345' //        bad mobile
    if (i === 40 || i === 41) account = `0${String(400_000 + i)}000` // the bank refuses these
    lines.push(`Person ${i},${account},0002,${mobile},p${i}@example.com,"${amount}"`)
  }
  // Line 502 repeats line 2 exactly: a warning the person must accept.
  lines.push(lines[1] ?? '')
  return lines.join('\n')
}

async function fixLine(app: Page, line: number, column: string, value: string) {
  await app.getByRole('button', { name: `Fix line ${line}` }).click()
  const dialog = app.getByRole('dialog', { name: `Fix line ${line}` })
  await dialog.getByLabel(column).fill(value)
  await dialog.getByRole('button', { name: 'Save and check again' }).click()
  await expect(dialog).toHaveCount(0)
}

test('500 rows with mistakes: fixed in place, reviewed, sent with pause and resume, failures retried and exported', async ({
  app,
  files,
  services,
}) => {
  test.setTimeout(240_000)
  await openScreen(app, 'Batch import')
  await app.getByRole('button', { name: 'Download template' }).click()
  await expect(app.getByTestId('file-notice')).toContainText('payout-template-vexora-id.xlsx')

  files.next = { name: 'july-payroll.csv', bytes: Buffer.from(fiveHundredRows()) }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  const summary = app.getByTestId('import-summary')
  await expect(summary).toContainText('501 rows: 498 ready, 3 with errors, 1 warning to check')
  // Columns were matched from the headers alone.
  await expect(app.getByRole('combobox', { name: 'Account No' })).toHaveValue('Bank account number')
  await expect(app.getByTestId('balance-check')).toContainText('covers it')
  await expect(app.getByRole('button', { name: /Review and send/ })).toBeDisabled()
  const rows = app.getByTestId('import-rows')
  await expect(rows.locator('[data-line="10"]')).toContainText('"ten thousand" is not an amount')
  // Messages name the column as the file wrote it.
  await expect(rows.locator('[data-line="20"]')).toContainText('Account No is missing')
  await expect(rows.locator('[data-line="502"]')).toContainText('Same account and amount as line 2')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'batch-review-errors.png') })
  expect(services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(0)

  await fixLine(app, 10, 'Amount', '25,000')
  await fixLine(app, 30, 'Mobile', '081299998888')
  await app.getByRole('button', { name: 'Remove line 20' }).click()
  // Accepted, the row no longer needs a look and leaves the "needs a look" list.
  await app.getByRole('checkbox', { name: 'Accept the warning on line 502' }).click()
  await expect(summary).toContainText('500 rows: 500 ready, 0 with errors, 0 warnings to check')
  await app.getByRole('button', { name: 'Review and send 500 payouts' }).click()
  const confirm = app.getByRole('dialog', { name: 'Check before sending' })
  await expect(confirm).toContainText('Test money on "Vexora sandbox (Indonesia)"')
  // 500 rows of 20,000 + 10 × line, without line 20, line 10 corrected to 25,000, and line 502 (= line 2).
  await expect(confirm.getByTestId('confirm-total')).toHaveText(/IDR\s11,262,220/)
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'batch-confirm.png') })
  await confirm.getByRole('button', { name: 'Send 500 payouts' }).click()

  const progress = app.getByTestId('batch-progress')
  await app.getByRole('button', { name: 'Pause' }).click()
  await expect(progress).toContainText('Paused')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'batch-paused.png') })
  // Payouts already on their way finish; after that, nothing new leaves while paused.
  const count = progress.getByTestId('progress-count')
  await expect(async () => {
    const before = await count.textContent()
    await app.waitForTimeout(1_500)
    expect(await count.textContent()).toBe(before)
  }).toPass({ timeout: 15_000 })
  expect(await count.textContent()).not.toBe('500 of 500 sent')
  await app.getByRole('button', { name: 'Resume' }).click()
  const results = app.getByTestId('batch-results')
  await expect(results).toBeVisible({ timeout: 120_000 })
  await expect(progress).toContainText('500 of 500 sent')

  // Statuses settle at the sandbox; checking shows the two the bank refused.
  await expect(async () => {
    await results.getByRole('button', { name: 'Check statuses now' }).click()
    await expect(results.getByTestId('count-failed')).toContainText('2', { timeout: 2_000 })
    await expect(results.getByTestId('count-succeeded')).toContainText('498', { timeout: 2_000 })
  }).toPass({ timeout: 60_000 })
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'batch-results.png') })

  await results.getByRole('button', { name: 'Export results' }).click()
  await expect(results.getByTestId('file-notice')).toContainText('Saved 500 results')
  const exported = files.saved.find((p) => p.endsWith('.csv')) ?? ''
  expect(exported).not.toBe('')

  await results.getByRole('button', { name: 'Retry 2 failed payouts' }).click()
  await expect(progress).toContainText('of 2 sent')
  const retried = services.ledger
    .prepare('SELECT count(*) FROM payouts WHERE retry_of IS NOT NULL')
    .pluck()
    .get() as number
  expect(retried).toBe(2)
  await expect(app.getByTestId('batch-results')).toBeVisible({ timeout: 30_000 })
  // Every row reached the sandbox once under its own reference, and the two retries under new ones.
  const references = services.ledger.prepare('SELECT reference FROM payouts').pluck().all() as string[]
  expect(new Set(references).size).toBe(502)
  const sandbox = await services.sandbox()
  for (const ref of references) expect(sandbox?.book.get('vexora', 'id', ref)).toBeTruthy()
})

test('a hand-made column mapping is asked for and remembered for the profile', async ({ app, files }) => {
  await openScreen(app, 'Batch import')
  const file = 'Who,Acct,Bank,HP,Mail,Pay\nAna,0011,0002,081234567890,a@example.com,20000\n'
  files.next = { name: 'odd-headers.csv', bytes: Buffer.from(file) }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  await expect(app.getByTestId('mapping-missing')).toContainText('Amount')
  await app.getByRole('combobox', { name: 'Pay' }).click()
  await app.getByRole('option', { name: 'Amount', exact: true }).click()
  await app.getByRole('combobox', { name: 'Who' }).click()
  await app.getByRole('option', { name: 'Beneficiary name' }).click()
  await app.getByRole('combobox', { name: 'Acct' }).click()
  await app.getByRole('option', { name: 'Bank account number' }).click()
  await app.getByRole('combobox', { name: 'Bank' }).click()
  await app.getByRole('option', { name: 'Bank code' }).click()
  await app.getByRole('combobox', { name: 'HP' }).click()
  await app.getByRole('option', { name: 'Mobile number' }).click()
  await app.getByRole('combobox', { name: 'Mail' }).click()
  await app.getByRole('option', { name: 'Email' }).click()
  await expect(app.getByTestId('import-summary')).toContainText('1 row: 1 ready')
  await app.getByRole('button', { name: 'Review and send 1 payout' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send 1 payout' }).click()
  await expect(app.getByTestId('batch-results')).toBeVisible({ timeout: 30_000 })

  await app.getByRole('button', { name: 'Import another file' }).click()
  files.next = { name: 'odd-headers-2.csv', bytes: Buffer.from(file.replace('Ana,0011', 'Bo,0022')) }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  await expect(app.getByRole('combobox', { name: 'Pay' })).toHaveValue('Amount')
  await expect(app.getByTestId('import-summary')).toContainText('1 row: 1 ready')
})

test('the review shows the sheet, header row, mapping, ignored columns and hidden rows, and switches sheets', async ({
  app,
  files,
}) => {
  const workbook = new ExcelJS.Workbook()
  const header = [
    'Beneficiary',
    'Bank',
    'Bank Code',
    'Account No',
    'Mobile',
    'Email',
    'Amount (IDR)',
    'Invoice',
  ]
  const june = workbook.addWorksheet('June')
  june.addRow(header)
  june.addRow(['June Person', 'BCA', '0002', '0031', '081234567890', 'j@example.com', 10000, 'INV-1'])
  const july = workbook.addWorksheet('July')
  july.addRow(['PT Contoh: payouts for July'])
  july.addRow(header)
  july.addRow(['Ana', 'BCA', '0002', '0011', '081234567890', 'a@example.com', 20000, 'INV-2'])
  july.addRow([
    'Paid Already',
    'BCA',
    '0002',
    '0012',
    '081234567890',
    'p@example.com',
    30000,
    'INV-0',
  ]).hidden = true
  july.addRow(['Bo', 'BRI', '0002', '0013', '081234567890', 'b@example.com', 40000, 'INV-3'])
  workbook.views = [
    { activeTab: 1, firstSheet: 0, x: 0, y: 0, width: 100, height: 100, visibility: 'visible' },
  ]
  await openScreen(app, 'Batch import')
  files.next = { name: 'months.xlsx', bytes: Buffer.from(await workbook.xlsx.writeBuffer()) }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  const source = app.getByTestId('import-source')
  await expect(source).toContainText('Sheet “July” · header on row 2')
  await expect(app.getByTestId('hidden-rows')).toHaveText('1 hidden row left out')
  await expect(app.getByTestId('import-summary')).toContainText('2 rows: 2 ready')
  await expect(app.getByRole('combobox', { name: 'Bank Code' })).toHaveValue('Bank code')
  await expect(app.getByRole('combobox', { name: 'Amount (IDR)' })).toHaveValue('Amount')
  await expect(app.getByTestId('ignored-columns')).toHaveText('Ignored columns: Bank, Invoice')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'batch-review-source.png') })

  await app.getByRole('combobox', { name: 'Sheet' }).click()
  await app.getByRole('option', { name: 'June' }).click()
  await expect(source).toContainText('Sheet “June” · header on row 1')
  await expect(app.getByTestId('hidden-rows')).toHaveCount(0)
  await expect(app.getByTestId('import-summary')).toContainText('1 row: 1 ready')
})

test('amounts written 1.500.000 wait for the file-wide confirmation before they can be sent', async ({
  app,
  files,
}) => {
  await openScreen(app, 'Batch import')
  files.next = {
    name: 'rupiah.csv',
    bytes: Buffer.from(
      'Name,Account No,Bank Code,Mobile,Email,Amount\nAna,0041,0002,081234567890,a@example.com,"Rp 1.500.000"\n',
    ),
  }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  const notice = app.getByTestId('thousands-dot')
  await expect(notice).toContainText('Amounts in “Amount” look like Rp 1.500.000 = 1500000')
  await expect(app.getByRole('button', { name: /Review and send/ })).toBeDisabled()
  await notice.getByRole('checkbox').click()
  await expect(app.getByTestId('import-total')).toHaveText(/IDR\s1,500,000/)
  await expect(app.getByRole('button', { name: 'Review and send 1 payout' })).toBeEnabled()
})

test('a batch Retry names each failed payout it does not pay again, and why (the payee was paid elsewhere since)', async ({
  app,
  files,
  services,
}) => {
  test.setTimeout(180_000)
  await openScreen(app, 'Batch import')
  files.next = {
    name: 'closed-accounts.csv',
    bytes: Buffer.from(
      [
        HEADER,
        'Dewi Closed,0077770000,0002,081234567890,dewi@example.com,41000',
        'Eko Closed,0088880000,0002,081234567890,eko@example.com,42000',
      ].join('\n'),
    ),
  }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  await app.getByRole('button', { name: 'Review and send 2 payouts' }).click()
  await app
    .getByRole('dialog', { name: 'Check before sending' })
    .getByRole('button', { name: 'Send 2 payouts' })
    .click()
  const results = app.getByTestId('batch-results')
  await expect(results).toBeVisible({ timeout: 60_000 })
  await expect(async () => {
    await results.getByRole('button', { name: 'Check statuses now' }).click()
    await expect(results.getByTestId('count-failed')).toContainText('2', { timeout: 2_000 })
  }).toPass({ timeout: 60_000 })

  // Since then Eko was paid at his new account: the directory knows him there now.
  const moved = { bankCode: '0002', bankAccountNo: '0088881111' }
  services.ledger
    .prepare(
      "UPDATE recipients SET account_key = ?, account_no = ?, account_json = ? WHERE name = 'Eko Closed'",
    )
    .run(accountKeyOf(moved), moved.bankAccountNo, JSON.stringify(moved))
  const eko = services.ledger
    .prepare("SELECT reference FROM payouts WHERE beneficiary_name = 'Eko Closed'")
    .pluck()
    .get() as string

  await results.getByRole('button', { name: 'Retry 2 failed payouts' }).click()
  const left = app.getByTestId('retry-left')
  await expect(left).toContainText('Not paid again: 1 failed payout, left as it was')
  await expect(left).toContainText(`${eko}: Eko Closed was last paid at`)
  await expect(left).toContainText('Retry pays only where the payee is known now')
  await expect(app.getByTestId('batch-progress')).toContainText('of 1 sent')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'batch-retry-left.png') })
  expect(
    services.ledger.prepare('SELECT beneficiary_name FROM payouts WHERE retry_of IS NOT NULL').pluck().all(),
  ).toEqual(['Dewi Closed'])
})
