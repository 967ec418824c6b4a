import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import type { Services } from '../../electron/services/create-services.ts'
import { expect, openScreen, SCREENSHOT_DIR, switchLanguage, test } from './harness/fixtures.ts'

const fields = (name: string, account: string) => ({
  bankCode: '0002',
  bankAccountNo: account,
  customerName: name,
  mobile: '081234567890',
  email: 'x@example.com',
})

/** Three payouts through the real handlers, settled at the sandbox: two paid, one refused by the bank. */
async function sendThree(services: Services, handlers: Handlers): Promise<void> {
  const profile = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
  if (!profile) throw new Error('no Vexora profile')
  await handlers.createPayout({
    profileId: profile.id,
    amount: '150,000',
    fields: fields('Siti Rahma', '0012345'),
    idempotencyKey: randomUUID(),
  })
  await handlers.createPayout({
    profileId: profile.id,
    amount: '75,000',
    fields: fields('Budi', '0099887'),
    idempotencyKey: randomUUID(),
  })
  await handlers.createPayout({
    profileId: profile.id,
    amount: '20,000',
    fields: fields('=cmd|calc', '5550000'),
    idempotencyKey: randomUUID(),
  })
  await expect(async () => {
    await services.poller.refreshAllPending()
    const open = services.ledger
      .prepare("SELECT count(*) FROM payouts WHERE status NOT IN ('succeeded', 'failed')")
      .pluck()
      .get()
    expect(open).toBe(0)
  }).toPass({ timeout: 30_000 })
}

test('history: filter, search, open the detail with its timeline, and export exactly the filtered view', async ({
  app,
  services,
  handlers,
  files,
}) => {
  await sendThree(services, handlers)
  await openScreen(app, 'History')
  const table = app.getByTestId('history-table')
  await expect(table.locator('[data-reference]')).toHaveCount(3)

  await app.getByLabel('Amount from').fill('50,000')
  await expect(table.locator('[data-reference]')).toHaveCount(2)
  await app.getByLabel('Amount from').fill('')
  await app.getByRole('combobox', { name: 'Status' }).click()
  await app.getByRole('option', { name: 'Failed' }).click()
  await app.keyboard.press('Escape')
  await expect(table.locator('[data-reference]')).toHaveCount(1)
  await app.getByLabel('Search').fill('5550')
  await expect(table.locator('[data-reference]')).toHaveCount(1)
  await app.getByRole('button', { name: 'Export CSV' }).click()
  await expect(app.getByTestId('export-notice')).toContainText('Saved 1 payout to')
  const csv = readFileSync(files.saved.at(-1) ?? '', 'utf8')
  const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, '').trim(), { header: true }).data
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ status: 'failed', amount: '20000', account: '5550000' })
  // A name that a spreadsheet would run as a formula arrives as text.
  expect(rows[0]?.beneficiary).toBe("'=cmd|calc")

  // Keyboard: a row takes focus and Enter opens its details.
  await table.locator('[data-reference]').first().focus()
  await app.keyboard.press('Enter')
  const drawer = app.getByTestId('payout-detail')
  await expect(drawer).toContainText('REJECTED_TRANSACTION')
  const timeline = drawer.getByTestId('payout-timeline')
  await expect(timeline).toContainText('Written to the ledger')
  await expect(timeline).toContainText('Sent to the gateway')
  await expect(timeline).toContainText('Asked the gateway')
  await timeline.getByText('Raw exchange').nth(1).click()
  // The signed request is on record (its signature, never the secret it was made with).
  await expect(timeline.locator('.raw-exchange').filter({ hasText: '"sign"' }).first()).toBeAttached()
  await expect(drawer).not.toContainText(
    (await services.sandbox())?.credentials.vexora.secret ?? 'no sandbox',
  )
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'history-detail-drawer.png') })
})

test('dashboard: today by status, a 30-day chart, the balance with its time, and failures one click away', async ({
  app,
  services,
  handlers,
}) => {
  // The dashboard is open while the payouts are sent: it follows main's pushes, with no reload by hand.
  await expect(app.getByTestId('attention')).toContainText('Nothing needs your attention')
  await sendThree(services, handlers)
  const card = app.locator('[data-profile="Vexora sandbox (Indonesia)"]')
  await expect(card.getByTestId('balance')).toHaveText('—')
  await expect(card).toContainText('Not fetched yet')
  await card.getByRole('button', { name: 'Refresh balance' }).click()
  await expect(card.getByTestId('balance')).toHaveText(/IDR\s/)
  // Beside the figure, the value exactly as the gateway wrote it (Vexora: four places, even for IDR).
  await expect(card.getByTestId('balance-gateway-value')).toHaveText(/^The gateway sent \d+\.0000$/)
  await expect(card).toContainText('as of')
  await expect(card).toContainText(/Succeeded, in total:\s*IDR\s225,000/)
  await expect(card.locator('.recharts-surface').first()).toBeVisible()
  const attention = app.getByTestId('attention')
  await expect(attention).toContainText('1 payout needs your attention')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard.png'), fullPage: true })

  await attention.getByRole('button', { name: '=cmd|calc' }).click()
  await expect(app.getByRole('heading', { name: 'History', level: 1 })).toBeVisible()
  await expect(app.getByTestId('payout-detail')).toContainText('5550000')
})

test('history dates are picked from a calendar and written in the chosen language', async ({
  app,
  services,
  handlers,
}) => {
  await sendThree(services, handlers)
  await switchLanguage(app, '简体中文')
  await app.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '历史记录' }).click()
  const table = app.getByTestId('history-table')
  await expect(table.locator('[data-reference]')).toHaveCount(3)
  const from = app.getByRole('button', { name: '起始日期', exact: true })
  await from.click()
  const calendar = app.getByRole('dialog', { name: '起始日期' })
  // Tomorrow or later: nothing sent yet. Picking the 1st of next month empties the list.
  await calendar.getByRole('button', { name: '下个月' }).click()
  await calendar.locator('.mantine-DatePickerInput-day:not([data-hidden])').first().click()
  await expect(from).toHaveText(/^\d{4}年\d{1,2}月1日$/)
  await expect(app.getByTestId('history-no-match')).toBeVisible()
  await app.getByRole('button', { name: '清除"起始日期"' }).click()
  await expect(table.locator('[data-reference]')).toHaveCount(3)
})
