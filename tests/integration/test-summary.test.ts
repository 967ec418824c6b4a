import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { playwrightSkips, skipLines } from '../../scripts/test-report.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const electronDir = resolve('node_modules/electron')
const pathFile = join(electronDir, 'path.txt')
const electronInstalled =
  existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))

describe("npm test's summary", () => {
  // Where the runtime exists the Electron spec runs instead of skipping.
  it.skipIf(electronInstalled)(
    'names the skipped real-Electron spec with its reason, from a real Playwright run',
    () => {
      const out = makeTempDir('payout-desk-summary-')
      try {
        const report = join(out.dir, 'playwright.json')
        const run = spawnSync(
          process.execPath,
          [
            resolve('node_modules/@playwright/test/cli.js'),
            'test',
            'tests/e2e/electron-app.spec.ts',
            '--reporter=json',
          ],
          { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report } },
        )
        expect(run.status, run.stderr).toBe(0)
        const parsed = JSON.parse(readFileSync(report, 'utf8')) as Parameters<typeof playwrightSkips>[0]
        const skips = playwrightSkips(parsed)
        expect(skips.map((s) => [s.title, s.file])).toEqual([
          [
            'the real Electron app › opens a sandboxed, isolated window on an empty ledger',
            'electron-app.spec.ts',
          ],
        ])
        expect(skips[0]?.reason).toMatch(/^No Electron runtime on this machine .* app-shell\.spec\.ts covers/)
        expect(skipLines(parsed)).toEqual([
          `  skipped: ${skips[0]?.title ?? ''} (electron-app.spec.ts): ${skips[0]?.reason ?? ''}`,
        ])
      } finally {
        out.cleanup()
      }
    },
    90_000,
  )
})
