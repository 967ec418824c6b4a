import type { Page } from '@playwright/test'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { insertProfile, listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { vexoraPayout } from '../support/ledger-fixtures.ts'
import { a11yScanner, JUSTIFIED } from './harness/a11y.ts'
import { expect, switchLanguage, test } from './harness/fixtures.ts'
import { LANGUAGES, wordsFor, type Language } from './harness/locale.ts'

/**
 * Every screen and dialog state, in both languages and both colour schemes, scanned by axe-core for the
 * WCAG 2.2 A/AA rules: one page load per language and scheme, stepping through the states a person
 * meets. Each state's screenshot goes to test-results/screenshots/<scheme>/<language>-<state>.png.
 */

// Line 3 has an amount that is not one, line 4 is refused by the sandbox bank (account ending in 000),
// line 5 repeats line 2: a warning to accept.
const BATCH = [
  'Beneficiary,Account No,Bank Code,Mobile,Email,Amount',
  'Ana Putri,0011223344,0002,081234567890,ana@example.com,20000',
  'Budi Santoso,0022334455,0002,081234567890,budi@example.com,ten thousand',
  'Closed Account,5550000,0002,081234567890,closed@example.com,30000',
  'Ana Putri,0011223344,0002,081234567890,ana@example.com,20000',
].join('\n')

async function nav(app: Page, words: ReturnType<typeof wordsFor>, page: string) {
  await app
    .getByRole('navigation', { name: words('nav.label') })
    .getByRole('button', { name: words(`nav.${page}`) })
    .click()
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(words(HEADINGS[page] ?? ''))
}

const HEADINGS: Record<string, string> = {
  dashboard: 'dashboard.title',
  newPayout: 'nav.newPayout',
  batchImport: 'batch.title',
  history: 'history.title',
  settings: 'settings.title',
}

/** The window in this scheme and language, on its first screen, with a scanner for one half's states. */
async function scanIn(app: Page, scheme: 'light' | 'dark', language: Language, part: string) {
  const w = wordsFor(language)
  const s = a11yScanner(app, scheme, language, part)
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme)
  if (language !== 'en') await switchLanguage(app, '简体中文')
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(w('dashboard.title'))
  return { w, s }
}

for (const scheme of ['light', 'dark'] as const) {
  for (const language of LANGUAGES) {
    test.describe(`${language} ${scheme}`, () => {
      test.use({ colorScheme: scheme })
      test(`settings, profiles and a single payout have no WCAG 2.2 AA violation (${language}, ${scheme})`, async ({
        app,
        services,
      }) => {
        test.setTimeout(240_000)
        const { w, s } = await scanIn(app, scheme, language, 'forms')
        // The charts load after the page: scanned once they are there, every time.
        await expect(app.getByRole('figure', { name: w('dashboard.chartLabel') }).first()).toBeVisible()
        await s.scan('dashboard-empty')

        await nav(app, w, 'history')
        await expect(app.getByTestId('history-empty')).toBeVisible()
        await s.scan('history-empty')

        // Settings, the profile form (its errors too) and the secret form of a real-money profile.
        await nav(app, w, 'settings')
        await s.scan('settings')
        await app.getByRole('button', { name: w('profiles.add') }).click()
        const profileDialog = app.getByRole('dialog', { name: w('profiles.add') })
        await expect(profileDialog).toBeVisible()
        await s.scan('profile-form')
        await profileDialog.getByRole('button', { name: w('common.save') }).click()
        await expect(profileDialog.getByRole('alert')).toBeVisible()
        await s.scan('profile-form-error')
        await profileDialog.getByLabel(w('profiles.name')).fill('Acme Real')
        await profileDialog.getByLabel(w('profiles.baseUrl')).fill('https://gateway.example/indonesia')
        await profileDialog.getByLabel(w('profiles.merchantNo')).fill('0000000042')
        // A production Vexora profile needs a public callback URL.
        await profileDialog.getByLabel(w('profiles.notifyUrl')).fill('https://hooks.example/vexora')
        await profileDialog.getByRole('button', { name: w('common.save') }).click()
        await expect(profileDialog).toHaveCount(0)
        const row = app.getByTestId('profiles-table').locator('tr[data-profile="Acme Real"]')
        await expect(row).toContainText(w('profiles.productionBadge'))
        // A real-money payout already in the ledger (settled: nothing asks the gateway about it), so
        // History, its drawer and the dashboard show the real-money mark beside the test-money ones.
        const real = listProfiles(services.ledger).find((p) => p.name === 'Acme Real')
        if (!real) throw new Error('the real-money profile was not saved')
        insertPayout(
          services.ledger,
          vexoraPayout(real, 1, {
            status: 'succeeded',
            beneficiaryName: 'Real Person',
            reference: 'REAL000001',
          }),
          Date.now() - 60_000,
        )
        await s.scan('settings-with-real-profile')
        await row.getByRole('button', { name: w('profiles.secret') }).click()
        const secretDialog = app.getByRole('dialog', { name: w('secrets.title', { name: 'Acme Real' }) })
        await expect(secretDialog).toBeVisible()
        await s.scan('secret-form')
        await secretDialog.getByRole('button', { name: w('common.close'), exact: true }).click()
        await expect(secretDialog).toHaveCount(0)

        // A single payout: refused submit, confirmation, sent, followed to its final status.
        await nav(app, w, 'newPayout')
        await app.getByRole('button', { name: w('newPayout.review') }).click()
        await expect(app.getByText(w('amountProblems.empty'))).toBeVisible()
        await s.scan('new-payout-invalid')
        await app.getByLabel(w('newPayout.amount', { currency: 'IDR' })).fill('1250000')
        await app.getByRole('combobox', { name: w('fields.bankCode') }).fill('0002')
        await app.getByLabel(w('fields.bankAccountNo')).fill('0012345678')
        await app.getByLabel(w('fields.customerName')).fill('Siti Rahma')
        await app.getByLabel(w('fields.mobile')).fill('081234567890')
        await app.getByLabel(w('fields.email')).fill('siti@example.com')
        await s.scan('new-payout-filled')
        await app.getByRole('button', { name: w('newPayout.review') }).click()
        const confirm = app.getByRole('dialog', { name: w('newPayout.confirmTitle') })
        await expect(confirm).toBeVisible()
        await s.scan('new-payout-confirm')
        await confirm.getByRole('button', { name: w('newPayout.send') }).click()
        const card = app.getByTestId('sent-payout')
        await expect(card).toBeVisible()
        await s.scan('new-payout-sent')
        await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'succeeded', {
          timeout: 20_000,
        })
        await s.scan('new-payout-paid')

        // What was scanned, for the report (and test-results/a11y-<language>-<scheme>.json).
        test
          .info()
          .annotations.push(
            { type: 'axe scanned', description: `${s.scanned.length} states: ${s.scanned.join(', ')}` },
            { type: 'axe justified', description: JSON.stringify(JUSTIFIED) },
          )
        expect(s.findings).toEqual([])
      })

      // The second half starts on its own page load, with what the first half made already in the ledger:
      // the real-money profile and its settled payout. Two halves keep each well inside its time on a
      // busy machine.
      test(`a batch, history, decisions, recipients and the dashboard have no WCAG 2.2 AA violation (${language}, ${scheme})`, async ({
        app,
        files,
        services,
      }) => {
        test.setTimeout(240_000)
        const { w, s } = await scanIn(app, scheme, language, 'lists')
        const real = insertProfile(services.ledger, {
          name: 'Acme Real',
          provider: 'vexora',
          area: 'ID',
          environment: 'production',
          baseUrl: 'https://gateway.example/indonesia',
          merchantId: '0000000042',
          notifyUrl: 'https://hooks.example/vexora',
        })
        insertPayout(
          services.ledger,
          vexoraPayout(real, 1, {
            status: 'succeeded',
            beneficiaryName: 'Real Person',
            reference: 'REAL000001',
          }),
          Date.now() - 60_000,
        )

        // A batch: review with errors and a warning, a row fixed, confirm, sending, results, retry.
        await nav(app, w, 'batchImport')
        await s.scan('batch-choose')
        files.next = { name: 'a11y-batch.csv', bytes: Buffer.from(BATCH) }
        await app.getByRole('button', { name: w('batch.choose') }).click()
        await expect(app.getByTestId('import-summary')).toBeVisible()
        await s.scan('batch-review')
        await app.getByRole('button', { name: w('batch.fixLine', { line: 3 }) }).click()
        const fix = app.getByRole('dialog', { name: w('batch.fixTitle', { line: 3 }) })
        await expect(fix).toBeVisible()
        await s.scan('batch-fix-row')
        await fix.getByLabel('Amount').fill('25000')
        await fix.getByRole('button', { name: w('batch.saveRow') }).click()
        await expect(fix).toHaveCount(0)
        // The box ignores a click while the file is checked again after the fix: click until it takes.
        const accept5 = app.getByRole('checkbox', { name: w('batch.acceptLine', { line: 5 }) })
        await expect(async () => {
          if (!(await accept5.isChecked())) await accept5.click()
          await expect(accept5).toBeChecked({ timeout: 1_000 })
        }).toPass({ timeout: 20_000 })
        await app.getByRole('button', { name: w('batch.reviewSend', { count: 4 }) }).click()
        const batchConfirm = app.getByRole('dialog', { name: w('batch.confirmTitle') })
        await expect(batchConfirm).toBeVisible()
        await s.scan('batch-confirm')
        // The first create is held a moment, so the sending step stays on screen long enough to scan.
        ;(await services.sandbox())?.faults.add({
          mode: 'slow',
          endpoint: 'create',
          delayMs: 2_000,
          times: 1,
        })
        await batchConfirm.getByRole('button', { name: w('batch.send', { count: 4 }) }).click()
        await expect(app.getByTestId('batch-progress')).toBeVisible()
        await s.scan('batch-sending')
        await expect(app.getByTestId('batch-results')).toBeVisible({ timeout: 30_000 })
        const retry = app.getByRole('button', { name: w('batch.retryFailed', { count: 1 }) })
        await expect(retry).toBeVisible({ timeout: 20_000 })
        await s.scan('batch-results')
        await retry.click()
        await expect(app.getByTestId('batch-results')).toBeVisible({ timeout: 30_000 })
        await s.scan('batch-results-retried')

        // History: the table, a date picker, filters, nothing matching, the drawer and its links.
        await nav(app, w, 'history')
        const table = app.getByTestId('history-table')
        await expect(table.getByRole('row')).not.toHaveCount(0)
        await s.scan('history')
        // At the default 1280 × 800 window nothing runs off sideways and no amount or status is cut.
        const clipped = await table.evaluate((el) => {
          const cut = (e: Element) => e.scrollWidth > e.clientWidth + 1
          const body = el.querySelector('.vtable-body')
          return [
            ...(body && cut(body) ? ['the table scrolls sideways'] : []),
            // The amount and status cells, and every badge's label (status, test or real money).
            ...[
              ...el.querySelectorAll('[role="cell"]:nth-child(6), [role="cell"]:nth-child(7)'),
              ...el.querySelectorAll('.mantine-Badge-label'),
            ]
              .filter(cut)
              .map((e) => e.textContent),
          ]
        })
        expect(clipped, 'clipped in History at 1280 px').toEqual([])
        await expect(table.locator('[data-money]')).toHaveCount(
          await table.locator('[data-reference]').count(),
        )
        await app.getByRole('button', { name: w('history.from') }).click()
        await expect(app.getByRole('dialog').getByRole('table')).toBeVisible()
        await s.scan('history-date-picker')
        await app.keyboard.press('Escape')
        await app.getByLabel(w('history.search')).fill('zzz-no-such-payout')
        await expect(app.getByTestId('history-no-match')).toBeVisible()
        await s.scan('history-no-match')
        await app.getByRole('button', { name: w('history.clearFilters') }).click()
        await table.locator('[data-reference]').first().click()
        const drawer = app.getByRole('dialog', { name: w('history.detail.title') })
        await expect(drawer.getByTestId('payout-detail')).toBeVisible()
        await s.scan('history-drawer')
        await app.keyboard.press('Escape')
        await expect(drawer).toHaveCount(0)
        await expect(table.locator('[data-reference="REAL000001"] [data-money="real"]')).toBeVisible()
        await table.locator('[data-reference="REAL000001"]').click()
        await expect(drawer.locator('[data-money="real"]')).toBeVisible()
        await s.scan('history-drawer-real-money')
        await app.keyboard.press('Escape')
        await expect(drawer).toHaveCount(0)

        // What waits for a person's decision, and the people this business pays (filled by the batch).
        const menu = app.getByRole('navigation', { name: w('nav.label') })
        await menu.getByRole('button', { name: new RegExp(`^${w('attention.nav')}`) }).click()
        await expect(app.getByRole('heading', { level: 1 })).toHaveText(w('attention.title'))
        await s.scan('attention')
        await menu.getByRole('button', { name: w('recipients.nav') }).click()
        await expect(app.getByRole('heading', { level: 1 })).toHaveText(w('recipients.title'))
        await expect(app.getByText('Ana Putri').first()).toBeVisible()
        await s.scan('recipients')

        await nav(app, w, 'dashboard')
        await expect(app.getByTestId('profile-card').first()).toBeVisible()
        await s.scan('dashboard')

        // What was scanned, for the report (and test-results/a11y-<language>-<scheme>.json).
        test
          .info()
          .annotations.push(
            { type: 'axe scanned', description: `${s.scanned.length} states: ${s.scanned.join(', ')}` },
            { type: 'axe justified', description: JSON.stringify(JUSTIFIED) },
          )
        expect(s.findings).toEqual([])
      })
    })
  }
}
