#!/usr/bin/env node
// `npm test`: every check the project has, in order, then one summary line with the counts.
// A failing check (typecheck, lint, build) counts as one failure, so the summary never reads green
// while something is red.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { failureLines, playwrightFailures, skipLines, vitestFailures } from './test-report.ts'

const bin = (name) => join('node_modules', '.bin', name)
mkdirSync('test-results', { recursive: true })
const VITEST_JSON = 'test-results/vitest.json'
const PLAYWRIGHT_JSON = 'test-results/playwright.json'
for (const file of [VITEST_JSON, PLAYWRIGHT_JSON]) rmSync(file, { force: true })

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

const vitestCounts = () => {
  const r = readJson(VITEST_JSON)
  return (
    r && { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests }
  )
}
const playwrightCounts = () => {
  const s = readJson(PLAYWRIGHT_JSON)?.stats
  return s && { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped }
}

const steps = [
  { name: 'typecheck', cmd: [bin('tsc'), '-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'typecheck (renderer)', cmd: [bin('tsc'), '-p', 'tsconfig.web.json', '--noEmit'] },
  { name: 'typecheck (e2e)', cmd: [bin('tsc'), '-p', 'tests/e2e/tsconfig.json', '--noEmit'] },
  { name: 'lint', cmd: [bin('eslint'), '.'] },
  { name: 'format', cmd: [bin('prettier'), '--check', '.'] },
  { name: 'electron security audit', cmd: [process.execPath, 'scripts/electron-audit.mjs'] },
  {
    name: 'unit + integration',
    cmd: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`],
    counts: vitestCounts,
  },
  { name: 'build', cmd: [bin('electron-vite'), 'build'] },
  { name: 'e2e', cmd: [bin('playwright'), 'test'], counts: playwrightCounts, needs: 'build' },
]

const results = []
for (const step of steps) {
  if (step.needs && results.find((r) => r.name === step.needs)?.ok === false) {
    results.push({ name: step.name, ok: false, note: `not run: ${step.needs} failed` })
    continue
  }
  console.log(`\n▶ ${step.name}: ${step.cmd.join(' ')}`)
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' })
  const counts = step.counts?.() ?? null
  const ok = run.status === 0 && (!counts || counts.failed === 0)
  // A runner can fail with every test passed: vitest exits 1 on an unhandled error or rejection.
  const silent =
    counts && counts.failed === 0 && run.status !== 0
      ? `exited ${run.status} with no failed test: look for "Unhandled" in its output above`
      : undefined
  results.push({ name: step.name, ok, counts, note: run.error?.message ?? silent })
}

let passed = 0
let failed = 0
let skipped = 0
console.log('\nPayout Desk test summary')
for (const r of results) {
  if (r.counts) {
    passed += r.counts.passed
    skipped += r.counts.skipped
    // A runner that crashed without reporting a failure still failed.
    failed += r.ok ? 0 : Math.max(r.counts.failed, 1)
    console.log(
      `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.counts.passed} passed / ${r.counts.failed} failed / ${r.counts.skipped} skipped)${r.note ? `: ${r.note}` : ''}`,
    )
  } else {
    if (!r.ok) failed += 1
    console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.note ? ` (${r.note})` : ''}`)
  }
}
// A skipped test says why, here too: "1 skipped" alone would read as something forgotten.
for (const line of skipLines(readJson(PLAYWRIGHT_JSON))) console.log(line)
// The names of what failed, so the last lines of a CI log say where to look.
for (const line of failureLines([
  ...vitestFailures(readJson(VITEST_JSON)),
  ...playwrightFailures(readJson(PLAYWRIGHT_JSON)),
]))
  console.log(line)
if (!existsSync('test-results/screenshots')) console.log('  (no screenshots were written)')
else console.log('  screenshots: test-results/screenshots/')
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1)
