import { expect, test } from '@playwright/test'
import { a11yScanner } from './harness/a11y.ts'

/*
 * The scanner the a11y scan relies on (harness/a11y.ts) finds what it is meant to find: a WCAG rule
 * (contrast, a missing alt text, an unnamed button) and a structure rule (no h1, an empty table header)
 * on a page made to break them. A scanner that ran too few rules would pass every screen.
 */
test('the a11y scanner reports WCAG and structure violations on a page that has them', async ({ page }) => {
  await page.setContent(`<!doctype html><html lang="en"><head><title>Broken on purpose</title></head>
    <body><main>
      <h2>No first-level heading</h2>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <button></button>
      <p style="color:#bbb;background:#fff">Too faint to read</p>
      <table><tr><th></th><th>Amount</th></tr><tr><td>1</td><td>2</td></tr></table>
    </main></body></html>`)
  const scanner = a11yScanner(page, 'light', 'en', 'harness-check')
  await scanner.scan('broken-on-purpose')
  expect(new Set(scanner.findings.map((f) => f.rule))).toEqual(
    new Set(['image-alt', 'button-name', 'color-contrast', 'page-has-heading-one', 'empty-table-header']),
  )
})
