import type { Locator, Page } from '@playwright/test'
import { expect, openScreen, test } from './harness/fixtures.ts'

/**
 * The whole work of the window without a mouse: a single payout and a batch import, with where focus
 * lands after each step, the focus ring each control shows, and History's rows by arrow key.
 */

/** Presses Tab until `target` has focus; returns how many presses it took. */
async function tabTo(app: Page, target: Locator, max = 40): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await app.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return presses
  }
  throw new Error(`${String(target)} not reached in ${max} Tab presses`)
}

const channel = (rgb: string) => (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = channel(rgb).map((v) => {
    const c = v / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The focused control's ring: at least 2px, and 3:1 against the page behind it. */
async function expectVisibleFocusRing(app: Page, control: Locator): Promise<void> {
  await expect(control).toBeFocused()
  const ring = await control.evaluate((el) => {
    const style = getComputedStyle(el)
    return {
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      color: style.outlineColor,
      page: getComputedStyle(document.body).backgroundColor,
    }
  })
  expect(ring.style, 'focus ring style').not.toBe('none')
  expect(ring.width, 'focus ring width').toBeGreaterThanOrEqual(2)
  const [light, dark] = [luminance(ring.color), luminance(ring.page)].sort((a, b) => b - a)
  expect(((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05), 'focus ring contrast').toBeGreaterThanOrEqual(3)
}

async function keyboardNav(app: Page, screen: string): Promise<void> {
  const button = app
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('button', { name: screen })
  await tabTo(app, button)
  await app.keyboard.press('Enter')
  await expect(app.getByRole('heading', { level: 1, name: screen })).toBeFocused()
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(scheme, () => {
    test.use({ colorScheme: scheme })

    test(`a single payout from the keyboard alone (${scheme})`, async ({ app, services }) => {
      // First Tab (once the window has drawn its first screen): the skip link, to the main content.
      await expect(app.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
      await app.keyboard.press('Tab')
      const skip = app.getByRole('link', { name: 'Skip to main content' })
      await expect(skip).toBeFocused()
      await expectVisibleFocusRing(app, skip)
      await app.keyboard.press('Enter')
      await expect(app.locator('#main-content')).toBeFocused()

      // A stray arrow key on the language switch changes nothing.
      const language = app.getByTestId('language-switch')
      await language.focus()
      await expectVisibleFocusRing(app, language)
      for (const key of ['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'Escape'])
        await app.keyboard.press(key)
      await expect(language).toHaveValue('English')
      await expect(app.locator('html')).toHaveAttribute('lang', 'en')

      await keyboardNav(app, 'New payout')
      // A refused review puts focus on the first field with a problem.
      await tabTo(app, app.getByRole('button', { name: 'Review payout' }))
      await app.keyboard.press('Enter')
      const amount = app.getByLabel('Amount (IDR)')
      await expect(amount).toBeFocused()
      await expect(amount).toHaveAttribute('aria-invalid', 'true')
      await expectVisibleFocusRing(app, amount)
      await app.keyboard.type('1250000')
      const type = async (label: string, text: string) => {
        await tabTo(
          app,
          app.getByRole('textbox', { name: label }).or(app.getByRole('combobox', { name: label })),
        )
        await app.keyboard.type(text)
      }
      await type('Bank code', '0002')
      await app.keyboard.press('Escape')
      await type('Bank account number', '0012345678')
      await type('Beneficiary name', 'Siti Rahma')
      await type('Mobile number', '081234567890')
      await type('Email', 'siti@example.com')
      await tabTo(app, app.getByRole('button', { name: 'Review payout' }))
      await app.keyboard.press('Enter')

      // The confirmation opens on its first real control, not on its ✕.
      const dialog = app.getByRole('dialog', { name: 'Check before sending' })
      await expect(dialog.getByRole('button', { name: 'Go back and edit' })).toBeFocused()
      const send = dialog.getByRole('button', { name: 'Send payout' })
      // Send waits for the directory's answer about this account (a first payout here) before it is on.
      await expect(send).toBeEnabled()
      await app.keyboard.press('Tab')
      await expectVisibleFocusRing(app, send)
      await app.keyboard.press('Enter')

      // The result replaces the form: its heading has focus and follows the outcome.
      const heading = app.getByTestId('sent-heading')
      await expect(heading).toBeFocused()
      await expect(heading).toHaveText(/Payout submitted|Payout succeeded/)
      await expect(heading).toHaveText('Payout succeeded', { timeout: 20_000 })
      await expect(app.getByTestId('sent-live')).toHaveText('Payout succeeded')
      await expect(app.getByTestId('sent-payout')).toContainText('Test money')
      expect(services.ledger.prepare('SELECT status FROM payouts').pluck().all()).toEqual(['succeeded'])
    })

    test(`a batch import from the keyboard alone, then its payouts in History (${scheme})`, async ({
      app,
      files,
    }) => {
      test.setTimeout(120_000)
      await keyboardNav(app, 'Batch import')
      files.next = {
        name: 'keyboard.csv',
        bytes: Buffer.from(
          [
            'Beneficiary,Account No,Bank Code,Mobile,Email,Amount',
            'Ana Putri,0011223344,0002,081234567890,ana@example.com,20000',
            'Budi Santoso,0022334455,0002,081234567890,budi@example.com,ten thousand',
            'Closed Account,5550000,0002,081234567890,closed@example.com,30000',
            'Ana Putri,0011223344,0002,081234567890,ana@example.com,20000',
          ].join('\n'),
        ),
      }
      await tabTo(app, app.getByRole('button', { name: 'Choose CSV or Excel file…' }))
      await app.keyboard.press('Enter')
      const step = app.getByTestId('step-heading')
      await expect(step).toHaveText('Check rows')
      await expect(step).toBeFocused()

      // Fixing a row: the dialog opens on the field with the problem.
      await tabTo(app, app.getByRole('button', { name: 'Fix line 3' }))
      await app.keyboard.press('Enter')
      const fix = app.getByRole('dialog', { name: 'Fix line 3' })
      const amount = fix.getByRole('textbox', { name: 'Amount' })
      await expect(amount).toBeFocused()
      await app.keyboard.press('ControlOrMeta+A')
      await app.keyboard.type('25000')
      await tabTo(app, fix.getByRole('button', { name: 'Save and check again' }))
      await app.keyboard.press('Enter')
      await expect(fix).toHaveCount(0)
      // The fixed row left the "needs a look" list with its button: focus goes to the counts.
      const summary = app.getByTestId('import-summary')
      await expect(summary).toBeFocused()
      await expect(app.getByTestId('import-counts')).toHaveText(
        /4 rows: 4 ready, 0 with errors, 1 warning to check/,
      )

      const accept = app.getByRole('checkbox', { name: 'Accept the warning on line 5' })
      await tabTo(app, accept)
      await expectVisibleFocusRing(app, accept)
      await app.keyboard.press('Space')
      // Accepted, the row stays on the list (all rows are shown once none needs a look) with focus on it.
      await expect(accept).toBeChecked()
      await expect(accept).toBeFocused()
      await expect(app.getByTestId('import-counts')).toHaveText(/4 rows: 4 ready, 0 with errors, 0 warnings/)

      await tabTo(app, app.getByRole('button', { name: 'Review and send 4 payouts' }))
      await app.keyboard.press('Enter')
      const confirm = app.getByRole('dialog', { name: 'Check before sending' })
      await expect(confirm.getByRole('button', { name: 'Go back and edit' })).toBeFocused()
      await app.keyboard.press('Tab')
      await expect(confirm.getByRole('button', { name: 'Send 4 payouts' })).toBeFocused()
      await app.keyboard.press('Enter')
      // Sending, then the results: each step's heading takes focus, and the state is announced.
      await expect(step).toHaveText(/Send|Results/)
      await expect(step).toBeFocused()
      await expect(step).toHaveText('Results', { timeout: 30_000 })
      await expect(step).toBeFocused()
      await expect(app.getByTestId('batch-live')).toHaveText('Finished sending 4 of 4 sent')
      const retry = app.getByRole('button', { name: 'Retry 1 failed payout' })
      await expect(retry).toBeVisible({ timeout: 20_000 })
      await tabTo(app, retry)
      await app.keyboard.press('Enter')
      await expect(step).toHaveText('Results', { timeout: 30_000 })
      await expect(step).toBeFocused()

      // History: few Tab stops before the first row, then rows by arrow key, details by Enter.
      await keyboardNav(app, 'History')
      const rows = app
        .getByTestId('history-table')
        .getByRole('row')
        .filter({ has: app.getByRole('cell') })
      await expect(rows).toHaveCount(5)
      const presses = await tabTo(app, rows.first(), 20)
      expect(presses, 'Tab stops from the heading to the first row').toBeLessThanOrEqual(14)
      await expectVisibleFocusRing(app, rows.first())
      // One Tab stop for the whole table: Down moves between rows.
      await app.keyboard.press('ArrowDown')
      await expect(rows.nth(1)).toBeFocused()
      await app.keyboard.press('Home')
      await expect(rows.first()).toBeFocused()
      // The newest payout is the retry: its drawer links back to the payout it retried.
      await app.keyboard.press('Enter')
      const drawer = app.getByRole('dialog', { name: 'Payout details' })
      await expect(drawer.getByTestId('payout-detail')).toContainText('Closed Account')
      const back = drawer.getByRole('button', { name: 'Retry of a failed payout — open it' })
      await tabTo(app, back)
      await app.keyboard.press('Enter')
      const again = drawer.getByRole('button', { name: 'Paid again as a new payout — open it' })
      await expect(again).toBeVisible()
      await expect(drawer.getByTestId('payout-detail')).toContainText('Failed')
      await tabTo(app, again)
      await app.keyboard.press('Escape')
      await expect(drawer).toHaveCount(0)
    })
  })
}

// The mouse is not used above; a person who opens a screen by mouse lands on the same heading.
test('a screen opened from the navigation puts focus on its heading', async ({ app }) => {
  await openScreen(app, 'Settings')
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused()
})
