import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { failureLines, playwrightSkips, skipLines, vitestFailures } from '../../scripts/test-report.ts'
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

  it('names each failed vitest test with its file and first message line, from a real vitest run', () => {
    const out = makeTempDir('payout-desk-summary-')
    try {
      // A file outside the suite's include, run with its own config, so the suite itself stays green.
      writeFileSync(join(out.dir, 'vitest.config.mjs'), 'export default { test: { globals: true } }\n')
      writeFileSync(
        join(out.dir, 'sums.test.js'),
        [
          "describe('sums', () => {",
          "  it('adds', () => { expect(1 + 1).toBe(2) })",
          "  it('carries', () => { expect(5 + 5).toBe(11) })",
          '})',
        ].join('\n'),
      )
      const report = join(out.dir, 'vitest.json')
      const run = spawnSync(
        process.execPath,
        [
          resolve('node_modules/vitest/vitest.mjs'),
          'run',
          '--root',
          out.dir,
          '--reporter=json',
          `--outputFile.json=${report}`,
        ],
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: 'true' } },
      )
      expect(run.status, run.stderr).toBe(1)
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as Parameters<typeof vitestFailures>[0]
      const failures = vitestFailures(parsed)
      expect(failures.map((f) => f.title)).toEqual(['sums carries'])
      expect(failures[0]?.file).toMatch(/sums\.test\.js$/)
      expect(failures[0]?.reason).toMatch(/expected 10 to be 11/)
      expect(failureLines(failures)[0]).toMatch(
        /^ {2}failed: sums carries \(.*sums\.test\.js\): .*expected 10 to be 11/,
      )
    } finally {
      out.cleanup()
    }
  }, 90_000)
})
