import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openScreen, SCREENSHOT_DIR, test } from './harness/fixtures.ts'

async function fillVexora(app: Page, account: string, name = 'Siti Rahma') {
  await app.getByRole('combobox', { name: 'Bank code' }).fill('0002')
  await app.getByLabel('Bank account number').fill(account)
  await app.getByLabel('Beneficiary name').fill(name)
  await app.getByLabel('Mobile number').fill('081234567890')
  await app.getByLabel('Email').fill('siti@example.com')
}

test.beforeEach(async ({ app }) => {
  await openScreen(app, 'New payout')
  await expect(app.getByRole('combobox', { name: 'Pay from' })).toHaveValue('Vexora sandbox (Indonesia)')
})

test('sends one payout on the built-in sandbox: typed, checked, confirmed, followed to Succeeded', async ({
  app,
  services,
}) => {
  await app.getByLabel('Amount (IDR)').fill('1250000')
  await expect(app.getByTestId('amount-echo')).toHaveText(/IDR\s1,250,000/)
  await fillVexora(app, '0012345678')
  await app.getByLabel('Mobile number').fill('12345')
  await app.getByLabel('Email').click()
  await expect(app.getByText('Not in the expected format')).toBeVisible()
  await app.getByLabel('Mobile number').fill('081234567890')
  await expect(app.getByText('Not in the expected format')).toHaveCount(0)

  await app.getByRole('button', { name: 'Review payout' }).click()
  const dialog = app.getByRole('dialog', { name: 'Check before sending' })
  await expect(dialog).toContainText('Test money on "Vexora sandbox (Indonesia)"')
  await expect(dialog.getByTestId('confirm-amount')).toHaveText(/IDR\s1,250,000/)
  await expect(dialog).toContainText('to Siti Rahma, account 0012345678')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'new-payout-confirm.png') })
  expect(services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(0)

  await dialog.getByRole('button', { name: 'Send payout' }).click()
  const card = app.getByTestId('sent-payout')
  await expect(card).toBeVisible()
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 })
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'new-payout-succeeded.png') })
  const row = services.ledger
    .prepare('SELECT reference, amount_minor AS amount, account_no AS account, status FROM payouts')
    .get() as Record<string, unknown>
  expect(row).toMatchObject({ amount: 1_250_000, account: '0012345678', status: 'succeeded' })
  expect((await services.sandbox())?.book.get('vexora', 'id', String(row.reference))?.amountMinor).toBe(
    1_250_000,
  )
})

test('a payout the bank refuses ends as Failed, and the form keeps bad input from leaving', async ({
  app,
}) => {
  await app.getByRole('button', { name: 'Review payout' }).click()
  await expect(app.getByRole('dialog')).toHaveCount(0)
  await expect(app.getByText('Enter an amount')).toBeVisible()
  await expect(app.getByText('Required').first()).toBeVisible()

  await app.getByLabel('Amount (IDR)').fill('9.000')
  await expect(app.getByText('Too many decimal places for this currency')).toBeVisible()
  await app.getByLabel('Amount (IDR)').fill('9,000')
  await expect(app.getByText(/The smallest payout is IDR\s10,000/)).toBeVisible()
  await app.getByLabel('Amount (IDR)').fill('20,000')
  await fillVexora(app, '5550000', 'Closed Account')
  await app.getByRole('button', { name: 'Review payout' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send payout' }).click()
  await expect(app.getByTestId('sent-payout').locator('[data-status]')).toHaveAttribute(
    'data-status',
    'failed',
    { timeout: 20_000 },
  )
  // The heading says what happened; the gateway's raw code is only in the details line.
  await expect(app.getByTestId('sent-heading')).toHaveText('Payout failed')
  const refused = app.getByTestId('sent-payout').getByRole('alert').first()
  await expect(refused).toContainText('The gateway refused this payout: nothing was paid')
  await expect(app.getByTestId('gateway-details')).toContainText('REJECTED_TRANSACTION')
  await expect(app.getByRole('heading', { name: /REJECTED_TRANSACTION/ })).toHaveCount(0)
  await expect(app.getByTestId('sent-payout')).toContainText('Test money')
})

test('the amount hint and its format error follow the currency: no decimals for IDR, two for THB', async ({
  app,
}) => {
  const idr = app.getByLabel('Amount (IDR)')
  await expect(app.getByText('Digits, like 1,250,000', { exact: true })).toBeVisible()
  await idr.fill('abc')
  await idr.blur()
  await expect(app.getByText('Write digits, like 1,250,000', { exact: true })).toBeVisible()
  await expect(app.getByText(/500\.20/)).toHaveCount(0)
  await app.getByRole('combobox', { name: 'Pay from' }).click()
  await app.getByRole('option', { name: 'BluePay sandbox (Thailand)' }).click()
  await expect(app.getByText('Digits, like 1,250.50', { exact: true })).toBeVisible()
})

test('says so when the gateway cannot be reached, and clears the banner once it answers again', async ({
  app,
  services,
}) => {
  const sandbox = await services.sandbox()
  if (!sandbox) throw new Error('no sandbox')
  await app.getByLabel('Amount (IDR)').fill('20000')
  await fillVexora(app, '0012345678')
  // Every status check is dropped for a while, as on a dead connection.
  sandbox.faults.add({ mode: 'drop-before', endpoint: 'query', times: 1_000 })
  await app.getByRole('button', { name: 'Review payout' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send payout' }).click()
  await expect(app.getByTestId('offline-banner')).toContainText('cannot be reached', { timeout: 20_000 })
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'offline-banner.png') })
  sandbox.faults.clear()
  await app.getByRole('button', { name: 'Check status now' }).click()
  await expect(app.getByTestId('offline-banner')).toHaveCount(0)
  await expect(app.getByTestId('sent-payout').locator('[data-status]')).toHaveAttribute(
    'data-status',
    'succeeded',
    { timeout: 20_000 },
  )
})

test("the bank code is picked from the docs' codes or the person's imported list, or typed", async ({
  app,
  files,
}) => {
  const bank = app.getByRole('combobox', { name: 'Bank code' })
  await bank.click()
  await expect(app.getByRole('option', { name: "0002 (from the gateway's docs)" })).toBeVisible()
  // Leaving the empty field shows "Required" under it; let that settle before reaching for the button.
  await bank.press('Escape')
  await bank.blur()
  await expect(app.getByText('Required').first()).toBeVisible()
  files.next = { name: 'my-banks.csv', bytes: Buffer.from('code,name\n0014,Bank Empat Belas\n') }
  await app.getByRole('button', { name: 'Import your bank list…' }).click()
  await expect(app.getByTestId('bank-list-note')).toContainText('1 code comes from your own list')
  await bank.fill('Empat')
  await app.getByRole('option', { name: '0014 — Bank Empat Belas' }).click()
  await expect(bank).toHaveValue('0014')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'new-payout-bank-picker.png') })
  // A code that is on no list can still be typed: the lists are help, not a fence.
  await bank.fill('0099')
  await expect(bank).toHaveValue('0099')
})
