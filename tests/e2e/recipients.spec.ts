import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import type { Services } from '../../electron/services/create-services.ts'
import { expect, openScreen, SCREENSHOT_DIR, switchLanguage, test } from './harness/fixtures.ts'

const SANDBOX = 'Vexora sandbox (Indonesia)'
const PASSPHRASE = 'kopi tubruk 1987'

const siti = (account: string) => ({
  bankCode: '0002',
  bankAccountNo: account,
  customerName: 'Siti Rahma',
  mobile: '081234567890',
  email: 'siti@example.com',
})

function vexoraProfile(services: Services) {
  const profile = listProfiles(services.ledger).find((p) => p.name === SANDBOX)
  if (!profile) throw new Error('no Vexora sandbox profile')
  return profile
}

/** Siti paid once at the sandbox through the real handlers, so the directory knows her and her account. */
async function payOnce(services: Services, handlers: Handlers, account: string): Promise<void> {
  await handlers.createPayout({
    profileId: vexoraProfile(services).id,
    amount: '150,000',
    fields: siti(account),
    idempotencyKey: randomUUID(),
  })
  await untilSettled(services)
}

async function untilSettled(services: Services): Promise<void> {
  await expect(async () => {
    await services.poller.refreshAllPending()
    const open = services.ledger
      .prepare(
        "SELECT count(*) FROM payouts WHERE status NOT IN ('succeeded', 'failed', 'draft', 'cancelled')",
      )
      .pluck()
      .get()
    expect(open).toBe(0)
  }).toPass({ timeout: 30_000 })
}

/** How many of the ledger's payouts the sandbox gateway has received. */
async function reachedGateway(services: Services): Promise<number> {
  const book = (await services.sandbox())?.book
  const references = services.ledger.prepare('SELECT reference FROM payouts').pluck().all() as string[]
  return references.filter((r) => book?.get('vexora', 'id', r)).length
}

const recipients = (services: Services) =>
  services.ledger.prepare('SELECT name, account_no AS account, payouts FROM recipients').all()

/** Light and dark; a screen with a dialog open is taken as the window shows it, not scrolled out. */
async function screenshots(app: Page, name: string, fullPage = true): Promise<void> {
  await app.emulateMedia({ colorScheme: 'light' })
  await app.screenshot({ path: join(SCREENSHOT_DIR, `${name}-light.png`), fullPage })
  await app.emulateMedia({ colorScheme: 'dark' })
  await app.screenshot({ path: join(SCREENSHOT_DIR, `${name}-dark.png`), fullPage })
  await app.emulateMedia({ colorScheme: 'light' })
}

test('pay again from History: the form comes back filled, the account is known, a same-day repeat is sent only when meant, and Siti stays one recipient', async ({
  app,
  services,
  handlers,
}) => {
  await payOnce(services, handlers, '0012345')
  await openScreen(app, 'History')
  await app.getByTestId('history-table').locator('[data-reference]').first().click()
  await app.getByTestId('payout-detail').getByRole('button', { name: 'Pay again' }).click()

  await expect(app.getByRole('heading', { name: 'New payout' })).toBeVisible()
  await expect(app.getByLabel('Amount (IDR)')).toHaveValue('150000')
  await expect(app.getByLabel('Bank account number')).toHaveValue('0012345')
  await expect(app.getByLabel('Beneficiary name')).toHaveValue('Siti Rahma')
  const mark = app.getByTestId('recipient-mark')
  await expect(mark).toHaveAttribute('data-kind', 'known')
  await expect(mark).toContainText('Paid before: Siti Rahma, 1 payout')
  // Nothing leaves without the person's review and confirmation.
  expect(services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)

  await app.getByRole('button', { name: 'Review payout' }).click()
  const dialog = app.getByRole('dialog', { name: 'Check before sending' })
  await expect(dialog).toContainText('to Siti Rahma, account 0012345')
  await dialog.getByRole('button', { name: 'Send payout' }).click()
  // The same amount to the same account today is a repeat: nothing leaves until the person says she means it.
  const repeat = app.getByTestId('repeat-warning')
  await expect(repeat).toContainText('This repeats a recent payout')
  expect(services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)
  await repeat.getByRole('checkbox', { name: 'I mean to pay this account the same amount again' }).check()
  await app.getByRole('button', { name: 'Review payout' }).click()
  await dialog.getByRole('button', { name: 'Send payout' }).click()
  await expect(app.getByTestId('sent-payout').locator('[data-status]')).toHaveAttribute(
    'data-status',
    'succeeded',
    { timeout: 20_000 },
  )
  await expect
    .poll(() => recipients(services))
    .toEqual([{ name: 'Siti Rahma', account: '0012345', payouts: 2 }])

  // The directory: found by a piece of the account, opened from the keyboard, her two payouts listed.
  await openScreen(app, 'Recipients')
  await expect(app.getByRole('heading', { name: 'Recipients', level: 1 })).toBeVisible()
  const search = app.getByLabel('Search')
  await search.fill('2345')
  await expect(app.getByTestId('recipients-table')).toContainText('Siti Rahma')
  await screenshots(app, 'recipients-list')
  await search.press('ArrowDown')
  await expect(app.getByRole('button', { name: 'Siti Rahma' })).toBeFocused()
  await app.keyboard.press('Enter')
  const page = app.getByTestId('recipient-page')
  await expect(page.getByRole('heading', { name: 'Siti Rahma', level: 1 })).toBeVisible()
  await expect(page.getByTestId('recipient-payouts').locator('tbody tr')).toHaveCount(2)
  await page.getByLabel('Note').fill('Driver, paid on the 25th')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  expect(services.ledger.prepare('SELECT note FROM recipients').pluck().get()).toBe(
    'Driver, paid on the 25th',
  )
  await screenshots(app, 'recipient-page')
})

test('New payout: a known person at a new account is shown old beside new and sent only once accepted', async ({
  app,
  services,
  handlers,
}) => {
  await payOnce(services, handlers, '0012345')
  await openScreen(app, 'New payout')
  const picker = app.getByRole('combobox', { name: 'Pay someone you paid before' })
  await picker.fill('siti')
  await picker.press('ArrowDown')
  await picker.press('Enter')
  await expect(app.getByLabel('Bank account number')).toHaveValue('0012345')
  await expect(app.getByLabel('Mobile number')).toHaveValue('081234567890')
  await app.getByLabel('Amount (IDR)').fill('200,000')
  await app.getByLabel('Bank account number').fill('0077777')

  const mark = app.getByTestId('recipient-mark')
  await expect(mark).toHaveAttribute('data-kind', 'changed')
  await expect(mark).toContainText('Siti Rahma was last paid at a different account')
  const row = mark.getByTestId('account-change').locator('tr.account-differs')
  await expect(row.locator('[data-side="old"]')).toHaveText('0012345')
  await expect(row.locator('[data-side="new"]')).toHaveText('0077777')

  await app.getByRole('button', { name: 'Review payout' }).click()
  const dialog = app.getByRole('dialog', { name: 'Check before sending' })
  const send = dialog.getByRole('button', { name: 'Send payout' })
  await expect(send).toBeDisabled()
  await screenshots(app, 'new-payout-account-changed', false)
  await dialog
    .getByRole('checkbox', { name: 'I checked with Siti Rahma: pay this new account, this time' })
    .check()
  await expect(send).toBeEnabled()
  await send.click()
  await expect(app.getByTestId('sent-payout').locator('[data-status]')).toHaveAttribute(
    'data-status',
    'succeeded',
    { timeout: 20_000 },
  )
  // Paid, the new account is hers, and the change is in her history with the payout that made it.
  await expect
    .poll(() => recipients(services))
    .toEqual([{ name: 'Siti Rahma', account: '0077777', payouts: 2 }])
  await openScreen(app, 'Recipients')
  await app.getByRole('button', { name: 'Siti Rahma' }).click()
  const changes = app.getByTestId('account-changes')
  await expect(changes.locator('[data-side="old"]').last()).toHaveText('0012345')
  await expect(changes.locator('[data-side="new"]').last()).toHaveText('0077777')
  await expect(changes.getByRole('button', { name: /Paid in PD/ })).toBeVisible()
})

test('import review: a changed account is marked, shown old beside new, and accepted on its own row (English and 简体中文)', async ({
  app,
  services,
  handlers,
  files,
}) => {
  await payOnce(services, handlers, '0012345')
  await openScreen(app, 'Batch import')
  const csv = [
    'Beneficiary,Account No,Bank Code,Mobile,Email,Amount',
    'Siti Rahma,0099999,0002,081234567890,siti@example.com,150000',
    'Budi Santoso,0055555,0002,081298765432,budi@example.com,80000',
    'Siti Rahma,0012345,0002,081234567890,siti@example.com,20000',
  ].join('\n')
  files.next = { name: 'march.csv', bytes: Buffer.from(csv) }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  // Line 2: Siti at a new account. Line 4: Siti again, at her old one: one name, two accounts in a file.
  await expect(app.getByTestId('import-summary')).toContainText(
    '3 rows: 3 ready, 0 with errors, 2 warnings to check',
  )
  await app.getByText('All rows (3)').click()
  const rows = app.getByTestId('import-rows')
  const changed = rows.locator('[data-line="2"]')
  await expect(changed.getByTestId('recipient-badge')).toHaveText('Account changed')
  await expect(rows.locator('[data-line="3"]').getByTestId('recipient-badge')).toHaveText(
    'First payout to this account',
  )
  await expect(rows.locator('[data-line="4"]').getByTestId('recipient-badge')).toHaveText('Paid before')
  const warning = changed.getByTestId('row-warning')
  await expect(warning).toContainText('Account changed: Siti Rahma was last paid at another account')
  await expect(warning.getByTestId('account-change')).toHaveText(
    'Last paid: 0002 · 0012345 | This row: 0002 · 0099999',
  )
  await expect(app.getByRole('button', { name: /Review and send/ })).toBeDisabled()
  await screenshots(app, 'import-account-changed')

  await switchLanguage(app, '简体中文')
  await expect(changed.getByTestId('recipient-badge')).toHaveText('账户已变更')
  await expect(warning.getByTestId('account-change')).toHaveText(
    '上次付款： 0002 · 0012345 | 本行： 0002 · 0099999',
  )
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'import-account-changed-zh-CN.png'), fullPage: true })
  await switchLanguage(app, 'English')

  await expect(rows.locator('[data-line="4"]').getByTestId('row-warning')).toContainText(
    'Siti Rahma is also paid at another account on line 2',
  )
  await app.getByRole('checkbox', { name: 'Accept the warning on line 2' }).click()
  await expect(app.getByTestId('import-summary')).toContainText(
    '3 rows: 3 ready, 0 with errors, 1 warning to check',
  )
  await app.getByRole('checkbox', { name: 'Accept the warning on line 4' }).click()
  await expect(app.getByTestId('import-summary')).toContainText(
    '3 rows: 3 ready, 0 with errors, 0 warnings to check',
  )
  await app.getByRole('button', { name: 'Review and send 3 payouts' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send 3 payouts' }).click()
  await expect(app.getByTestId('batch-results')).toBeVisible({ timeout: 30_000 })
  await untilSettled(services)
  // The accepted change is recorded: Siti's account is now the new one, with the old one in her history.
  await expect
    .poll(() =>
      services.ledger
        .prepare(
          'SELECT c.old_json AS old, c.new_json AS new FROM recipient_changes c JOIN recipients r ON r.id = c.recipient_id',
        )
        .all(),
    )
    .toEqual([
      {
        old: JSON.stringify({ bankCode: '0002', bankAccountNo: '0012345' }),
        new: JSON.stringify({ bankCode: '0002', bankAccountNo: '0099999' }),
      },
    ])
})

test('release: limits and passphrase in Settings, a batch over the limit waits on the Dashboard, released with the passphrase', async ({
  app,
  services,
  files,
}) => {
  await openScreen(app, 'Settings')
  await app.getByRole('button', { name: `Release limits of ${SANDBOX}` }).click()
  const limits = app.getByRole('dialog', { name: `Release limits — ${SANDBOX}` })
  await limits.getByLabel('Limit per payout (IDR)').fill('100,000')
  await expect(limits.getByRole('button', { name: 'Save limits' })).toBeDisabled()
  await limits.getByLabel(/^Release passphrase/).fill(PASSPHRASE)
  await limits.getByLabel('Repeat the passphrase').fill(PASSPHRASE)
  await screenshots(app, 'release-limits', false)
  await limits.getByRole('button', { name: 'Save limits' }).click()
  await expect(limits).toHaveCount(0)

  await openScreen(app, 'Batch import')
  const csv = [
    'Beneficiary,Account No,Bank Code,Mobile,Email,Amount',
    'Ana,0011111,0002,081234567890,ana@example.com,150000',
    'Bo,0022222,0002,081234567891,bo@example.com,50000',
  ].join('\n')
  files.next = { name: 'bonus.csv', bytes: Buffer.from(csv) }
  await app.getByRole('button', { name: 'Choose CSV or Excel file…' }).click()
  await app.getByRole('button', { name: 'Review and send 2 payouts' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send 2 payouts' }).click()
  await expect(app.getByTestId('held-for-release')).toContainText(
    '2 payouts are written to the ledger but not sent',
  )
  const statuses = () =>
    services.ledger.prepare('SELECT status FROM payouts ORDER BY amount_minor').pluck().all()
  expect(statuses()).toEqual(['draft', 'draft'])
  expect(await reachedGateway(services)).toBe(0)

  await app.getByRole('button', { name: 'Go to the Dashboard' }).click()
  const waiting = app.getByTestId('awaiting-release')
  const group = waiting.locator('[data-held="bonus.csv"]')
  await expect(group).toContainText('Over the limit per payout')
  await expect(group).toContainText('2')
  await expect(group).toContainText(/IDR\s200,000/)
  await expect(group).toContainText('Test money')
  await screenshots(app, 'dashboard-awaiting-release')
  // The attention screen lists it too, beside what needs a decision.
  await openScreen(app, 'Needs your decision')
  await expect(app.getByTestId('awaiting-release').locator('[data-held="bonus.csv"]')).toContainText(
    /IDR\s200,000/,
  )
  await openScreen(app, 'Dashboard')

  await group.getByRole('button', { name: 'Release bonus.csv' }).click()
  const dialog = app.getByRole('dialog', { name: 'Release payouts' })
  await expect(dialog).toContainText(`Test money on "${SANDBOX}"`)
  await expect(dialog).toContainText(`2 payouts from ${SANDBOX}`)
  await expect(dialog.getByTestId('release-total')).toHaveText(/IDR\s200,000/)
  await dialog.getByLabel('Release passphrase').fill('not the one')
  await dialog.getByRole('button', { name: /Release 2 payouts/ }).click()
  await expect(dialog.getByTestId('release-refused')).toContainText(
    'That is not the release passphrase. Nothing was released.',
  )
  await expect(dialog.getByLabel('Release passphrase')).toHaveValue('')
  expect(statuses()).toEqual(['draft', 'draft'])
  await screenshots(app, 'release-refused', false)

  // A wrong try slows the next one down: the right passphrase is taken once the wait is over.
  const notice = app.getByTestId('release-notice')
  await expect(async () => {
    if ((await dialog.count()) === 0) return
    await dialog.getByLabel('Release passphrase').fill(PASSPHRASE)
    await dialog.getByRole('button', { name: /Release 2 payouts/ }).click()
    await expect(notice.or(dialog.getByTestId('release-refused'))).toBeVisible({ timeout: 20_000 })
    await expect(dialog).toHaveCount(0, { timeout: 500 })
  }).toPass({ timeout: 40_000 })
  await expect(app.getByTestId('release-notice')).toContainText('Released 2 payouts')
  await untilSettled(services)
  expect(statuses()).toEqual(['succeeded', 'succeeded'])
  await expect(waiting.locator('[data-held]')).toHaveCount(0)
  // The release is an event in each payout's timeline.
  await openScreen(app, 'History')
  await app.getByTestId('history-table').locator('[data-reference]').first().click()
  await expect(app.getByTestId('payout-timeline')).toContainText('Your decision')
})

test('release: what waits can be cancelled after a confirmation, and nothing of it is sent', async ({
  app,
  services,
  handlers,
}) => {
  const profileId = vexoraProfile(services).id
  await handlers.setReleaseLimits({ profileId, perPayout: '100,000', perDay: '', newPassphrase: PASSPHRASE })
  await openScreen(app, 'New payout')
  await app.getByLabel('Amount (IDR)').fill('250,000')
  await app.getByRole('combobox', { name: 'Bank code' }).fill('0002')
  await app.getByLabel('Bank account number').fill('0033333')
  await app.getByLabel('Beneficiary name').fill('Dewi')
  await app.getByLabel('Mobile number').fill('081234567899')
  await app.getByLabel('Email').fill('dewi@example.com')
  await expect(app.getByTestId('recipient-mark')).toHaveAttribute('data-kind', 'new')
  await app.getByRole('button', { name: 'Review payout' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send payout' }).click()
  await expect(app.getByRole('heading', { name: 'Waiting for release' })).toBeVisible()
  await expect(app.getByTestId('held-for-release')).toContainText(
    "waits for the owner's release on the Dashboard",
  )

  await openScreen(app, 'Dashboard')
  const group = app.getByTestId('awaiting-release').locator('[data-held="Single payouts"]')
  await group.getByRole('button', { name: 'Cancel the payouts of Single payouts' }).click()
  const confirm = app.getByRole('dialog', { name: 'Cancel these payouts?' })
  await expect(confirm).toContainText(/1 payout of IDR\s250,000/)
  await confirm.getByRole('button', { name: 'Cancel 1 payout' }).click()
  await expect(app.getByTestId('release-notice')).toContainText('Cancelled 1 payout; nothing was sent.')
  expect(services.ledger.prepare('SELECT status FROM payouts').pluck().all()).toEqual(['cancelled'])
  expect(await reachedGateway(services)).toBe(0)
})
