import axe from 'axe-core'
import type { Page } from '@playwright/test'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SCREENSHOT_DIR } from './fixtures.ts'

/** The WCAG 2.2 A and AA rules (axe tags every rule with the version and level that introduced it). */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

/**
 * Best-practice rules (not WCAG criteria by themselves) that the issue asks for as well: one h1 per
 * screen, no jumping heading levels, no second banner from a dialog's header, no empty table headers.
 */
export const STRUCTURE_RULES = [
  'page-has-heading-one',
  'heading-order',
  'empty-heading',
  'empty-table-header',
  'landmark-one-main',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-main',
  'landmark-unique',
  'aria-dialog-name',
  'region',
]

/**
 * Every rule the WCAG tags select (axe leaves its experimental and deprecated rules out of a tag run, and so
 * does this) and the structure rules, run as one list: one pass of axe per state instead of two, which
 * halves the scan's time.
 */
const RULES = [
  ...new Set([
    ...axe
      .getRules(WCAG_22_AA)
      .filter((r) => !r.tags.includes('experimental') && !r.tags.includes('deprecated'))
      .map((r) => r.ruleId),
    ...STRUCTURE_RULES,
  ]),
]

/**
 * Moderate or minor findings that are left on purpose, each with its reason. Every other violation of any
 * impact fails the scan.
 */
export const JUSTIFIED: Record<string, string> = {}

export interface Finding {
  state: string
  rule: string
  impact: string
  targets: string[]
  summary: string
}

export interface Scanner {
  /** Scans the page as it is now, and saves its screenshot under screenshots/<scheme>/. */
  scan: (state: string) => Promise<void>
  scanned: string[]
  findings: Finding[]
}

/** `part` names which half of the scan this is, so each half's report has a file of its own. */
export function a11yScanner(page: Page, scheme: 'light' | 'dark', language: string, part: string): Scanner {
  const scanned: string[] = []
  const findings: Finding[] = []
  return {
    scanned,
    findings,
    scan: async (state) => {
      // Let Mantine's transitions (modals, drawers, dropdowns) finish, so colours are the final ones.
      await page.waitForTimeout(250)
      // axe-core is put into the page once (the window is one page for its whole life) and run in it
      // directly: the Playwright wrapper injected it again for every state and finished each run in a
      // new blank page, which was half the scan's time.
      if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source)
      const violations = await page.evaluate(
        async (rules) =>
          (
            await (window as unknown as { axe: typeof axe }).axe.run(document, {
              runOnly: { type: 'rule', values: rules },
              resultTypes: ['violations'],
            })
          ).violations,
        RULES,
      )
      scanned.push(state)
      for (const v of violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical' && JUSTIFIED[v.id]) continue
        findings.push({
          state,
          rule: v.id,
          impact: v.impact ?? 'unknown',
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
          summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? v.help,
        })
      }
      // Written as it goes, so a run that stops half-way still shows what it found.
      await writeFile(
        join(SCREENSHOT_DIR, '..', `a11y-${language}-${scheme}-${part}.json`),
        JSON.stringify({ scanned, findings }, null, 2),
      )
      const dir = join(SCREENSHOT_DIR, scheme)
      await mkdir(dir, { recursive: true })
      await page.screenshot({ path: join(dir, `${language}-${state}.png`) })
    },
  }
}
