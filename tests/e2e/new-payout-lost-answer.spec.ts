import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import type { Services } from '../../electron/services/create-services.ts'
import { expect, openScreen, SCREENSHOT_DIR, test as base } from './harness/fixtures.ts'

/**
 * The real handlers, with main's answer lost on its way back to the window as many times as a test
 * says: the work is done in main (the payout is written), the window only learns that something failed.
 */
const test = base.extend<{ lose: { createPayout: number; getPayout: number } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  lose: async ({}, use) => {
    await use({ createPayout: 0, getPayout: 0 })
  },
  handlers: async ({ handlers, lose }, use) => {
    const lossy: Handlers = {
      ...handlers,
      createPayout: async (input) => {
        const answer = await handlers.createPayout(input)
        if (lose.createPayout-- > 0) throw new Error('the answer was lost on its way back')
        return answer
      },
      getPayout: async (input) => {
        const answer = await handlers.getPayout(input)
        if (lose.getPayout-- > 0) throw new Error('the answer was lost on its way back')
        return answer
      },
    }
    await use(lossy)
  },
})

async function confirmOne(app: Page, account: string): Promise<void> {
  await openScreen(app, 'New payout')
  await expect(app.getByRole('combobox', { name: 'Pay from' })).toHaveValue('Vexora sandbox (Indonesia)')
  await app.getByLabel('Amount (IDR)').fill('40000')
  await app.getByRole('combobox', { name: 'Bank code' }).fill('0002')
  await app.getByLabel('Bank account number').fill(account)
  await app.getByLabel('Beneficiary name').fill('Dewi Lestari')
  await app.getByLabel('Mobile number').fill('081234567890')
  await app.getByLabel('Email').fill('dewi@example.com')
  await app.getByRole('button', { name: 'Review payout' }).click()
  await app.getByRole('dialog').getByRole('button', { name: 'Send payout' }).click()
}

const payoutCount = (services: Services) =>
  services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()

test('a lost answer to Send: the screen says it may have been written, and Send again returns the same payout', async ({
  app,
  services,
  lose,
}) => {
  lose.createPayout = 1
  await confirmOne(app, '0012345001')
  const dialog = app.getByRole('dialog', { name: 'Check before sending' })
  await expect(dialog.getByTestId('send-uncertain')).toContainText('may or may not be in your ledger')
  await expect(dialog.getByTestId('send-uncertain')).toContainText('Pressing Send again is safe')
  await expect(app.getByText('The payout was not sent')).toHaveCount(0)
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'new-payout-answer-lost.png') })
  // The form cannot be edited under the same confirmation while that is open.
  await app.keyboard.press('Escape')
  await expect(dialog).toBeVisible()
  // It was written: main did the work, only its answer was lost.
  expect(payoutCount(services)).toBe(1)

  await dialog.getByRole('button', { name: 'Send again (safe)' }).click()
  const card = app.getByTestId('sent-payout')
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 })
  // The same key came back to main, which answered with the payout it had: one payout, one order.
  expect(payoutCount(services)).toBe(1)
  const reference = services.ledger.prepare('SELECT reference FROM payouts').pluck().get() as string
  await expect(card).toContainText(`Reference ${reference}`)
  const orders = (await services.sandbox())?.book.list() ?? []
  expect(orders.filter((o) => o.reference === reference)).toHaveLength(1)
  expect(orders).toHaveLength(1)
})

test('a payout that cannot be read back after Send is shown as sent, with its reference, never as not sent', async ({
  app,
  services,
  lose,
}) => {
  // Every read of it fails for now, even after main's pushes about it.
  lose.getPayout = Number.POSITIVE_INFINITY
  await confirmOne(app, '0012345002')
  const card = app.getByTestId('sent-payout')
  await expect(app.getByRole('heading', { name: /^Payout submitted/ })).toBeVisible()
  const reference = services.ledger.prepare('SELECT reference FROM payouts').pluck().get() as string
  await expect(card).toContainText(`Reference ${reference}`)
  await expect(card.getByTestId('sent-unread')).toContainText('its status will appear here')
  await expect(app.getByText('The payout was not sent')).toHaveCount(0)
  // Once it can be read, its status appears.
  lose.getPayout = 0
  await card.getByRole('button', { name: 'Check status now' }).click()
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', /processing|succeeded/)
  await expect(card.getByTestId('sent-unread')).toHaveCount(0)
  expect(payoutCount(services)).toBe(1)
})
