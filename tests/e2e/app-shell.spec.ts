import { join } from 'node:path'
import { CHANNELS, EVENTS, eventListenerKey } from '../../shared/ipc/channels.ts'
import { readSettings } from '../../electron/ledger/settings-repo.ts'
import { addSandboxProfile, seedPayouts } from '../support/ledger-fixtures.ts'
import { expect, openScreen, SCREENSHOT_DIR, switchLanguage, test } from './harness/fixtures.ts'

const NAV_ITEMS = ['Dashboard', 'New payout', 'Batch import', 'History', 'Settings']

test('opens on the dashboard; an empty history explains how to start', async ({ app, dataDir }) => {
  const nav = app.getByRole('navigation', { name: 'Main navigation' })
  for (const name of NAV_ITEMS) await expect(nav.getByRole('button', { name })).toBeVisible()
  await expect(nav.getByRole('button', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page')
  await expect(app.getByTestId('attention')).toContainText('Nothing needs your attention')
  await nav.getByRole('button', { name: 'History' }).click()
  await expect(app.getByRole('heading', { name: 'No payouts yet' })).toBeVisible()
  await expect(app.getByText(/pick the sandbox profile/)).toBeVisible()
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'app-shell-empty-history.png') })

  await nav.getByRole('button', { name: 'Settings' }).click()
  await expect(app.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect(app.getByText(dataDir)).toBeVisible()
  await expect(nav.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page')

  await nav.getByRole('button', { name: 'Batch import' }).click()
  await expect(app.getByRole('heading', { name: 'Batch import', level: 1 })).toBeVisible()

  await nav.getByRole('button', { name: 'History' }).click()
  await app.getByRole('button', { name: 'Start a test payout' }).click()
  await expect(app.getByRole('heading', { name: 'New payout', level: 1 })).toBeVisible()
})

test('switches to 简体中文, keeps the choice in the ledger, and still has it after a reload', async ({
  app,
  services,
}) => {
  await switchLanguage(app, '简体中文')
  const nav = app.getByRole('navigation', { name: '主导航' })
  await expect(app.getByRole('heading', { name: '概览' })).toBeVisible()
  await expect(app.getByTestId('attention')).toContainText('没有需要处理的付款')
  // The built-in sandbox profiles are named in the chosen language too.
  await expect(app.locator('[data-profile="Vexora sandbox (Indonesia)"]')).toContainText(
    'Vexora 沙盒（印度尼西亚）',
  )
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-zh-CN.png') })
  await nav.getByRole('button', { name: '历史记录' }).click()
  await expect(app.getByRole('heading', { name: '还没有付款' })).toBeVisible()
  await expect(app.locator('html')).toHaveAttribute('lang', 'zh-CN')
  expect(readSettings(services.ledger)).toMatchObject({ language: 'zh-CN' })
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'app-shell-zh-CN.png') })

  await app.reload()
  await expect(
    app.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '设置' }),
  ).toBeVisible()
  await switchLanguage(app, 'English')
  await expect(app.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible()
})

test('lists ledger payouts newest first with formatted amounts, and loads more as it scrolls', async ({
  app,
  services,
  emit,
}) => {
  await openScreen(app, 'History')
  await expect(app.getByTestId('history-empty')).toBeVisible()
  seedPayouts(services.ledger, addSandboxProfile(services.ledger), 450)
  // Main announces ledger changes; the history follows the push instead of polling.
  emit('payoutsChanged', { ids: [] })
  const table = app.getByTestId('history-table')
  const first = table.locator('[data-reference]').first()
  await expect(first).toContainText('T000449')
  await expect(first).toContainText('Beneficiary 449')
  await expect(first).toContainText(/IDR\s10,449/)
  await expect(first).toContainText('Processing')
  await expect(first).toContainText('Test money')
  // Only what is on screen is in the page, however long the ledger.
  expect(await table.locator('[data-reference]').count()).toBeLessThan(40)
  await expect(app.getByTestId('history-shown')).toHaveText('200 payouts loaded; more load as you scroll')
  await app.screenshot({ path: join(SCREENSHOT_DIR, 'history-with-payouts.png') })

  await expect(async () => {
    await table.evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect(app.getByTestId('history-shown')).toHaveText('450 payouts shown', { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(table.locator('[data-reference="T000000"]')).toBeVisible()

  // Search and status filters narrow the list; nothing matching says so instead of the first-run help.
  await app.getByLabel('Search').fill('Beneficiary 12')
  await expect(app.getByTestId('history-shown')).toHaveText('11 payouts shown')
  await app.getByLabel('Search').fill('T000042')
  await expect(app.getByTestId('history-shown')).toHaveText('1 payout shown')
  await app.getByRole('combobox', { name: 'Status' }).click()
  await app.getByRole('option', { name: 'Succeeded' }).click()
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('history-no-match')).toBeVisible()
  await expect(app.getByTestId('history-empty')).toHaveCount(0)
  await app.getByRole('button', { name: 'Clear filters' }).click()
  // These payouts belong to a profile with no reachable gateway: every check reports "no answer".
  await app.getByRole('button', { name: 'Check pending now' }).click()
  // 450 refused connections and their ledger writes: a busy 2-core machine took over 10 s.
  await expect(app.getByTestId('last-check')).toHaveText('Checked 450; 450 got no answer', {
    timeout: 30_000,
  })
})

test('a failure inside main is shown in plain words without its internals, and retry recovers', async ({
  app,
  handlers,
  internalErrors,
}) => {
  await openScreen(app, 'History')
  await expect(app.getByTestId('history-empty')).toBeVisible()
  const real = handlers.listPayouts
  handlers.listPayouts = () => {
    throw new Error('SQLITE_IOERR: disk I/O error at /secret/path')
  }
  await app.getByRole('button', { name: 'Settings' }).click()
  await app.getByRole('button', { name: 'History' }).click()
  const alert = app.getByRole('alert')
  await expect(alert).toContainText('The history could not be loaded.')
  await expect(alert).toContainText(
    'Something went wrong inside Payout Desk. Check History before trying again',
  )
  await expect(alert).not.toContainText('SQLITE_IOERR')
  expect(internalErrors).toHaveLength(1)

  handlers.listPayouts = real
  await alert.getByRole('button', { name: 'Try again' }).click()
  await expect(app.getByRole('alert')).toHaveCount(0)
  await expect(app.getByTestId('history-empty')).toBeVisible()
})

test('the page runs under the strict content security policy', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible()
  const probe = await app.evaluate(async () => {
    const flags = window as unknown as Record<string, unknown>
    const violations: string[] = []
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective))
    // Code evaluated by the test driver itself is exempt from CSP, so the string is handed to the page's
    // own timer, which is subject to 'unsafe-eval' like eval() and new Function().
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- proving the page refuses it
    setTimeout('window.__evalRan = true', 0)
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.body.appendChild(script)
    await new Promise((r) => setTimeout(r, 50))
    return {
      evalBlocked: flags.__evalRan !== true,
      inlineRan: flags.__inlineRan === true,
      violations,
      nodeVisible: typeof flags.require !== 'undefined' || typeof flags.process !== 'undefined',
      apiKeys: Object.keys(window.api).sort(),
    }
  })
  expect(probe.evalBlocked).toBe(true)
  expect(probe.inlineRan).toBe(false)
  expect(probe.violations).toEqual(expect.arrayContaining(['script-src', 'script-src-elem']))
  expect(probe.nodeVisible).toBe(false)
  // One named function per channel and one subscriber per event, nothing else.
  expect(probe.apiKeys).toEqual([...CHANNELS, ...EVENTS.map(eventListenerKey)].sort())
})
