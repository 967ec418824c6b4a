// Reads the runners' JSON reports for `npm test`'s summary (scripts/test.mjs).

interface PlaywrightTest {
  status?: string
  annotations?: { type?: string; description?: string }[]
  results?: { error?: { message?: string } }[]
}
interface PlaywrightSuite {
  title?: string
  file?: string
  specs?: { title?: string; file?: string; tests?: PlaywrightTest[] }[]
  suites?: PlaywrightSuite[]
}

export interface SkippedTest {
  /** Describe blocks and the test's title, joined with " › ". */
  title: string
  file: string
  /** What the spec gave test.skip(); "no reason given" when it gave none. */
  reason: string
}

type PlaywrightReport = { suites?: PlaywrightSuite[] } | null

/** Every Playwright test of a report, with its describe blocks and title joined by " › ", and its file. */
function playwrightTests(report: PlaywrightReport): { title: string; file: string; test: PlaywrightTest }[] {
  const found: { title: string; file: string; test: PlaywrightTest }[] = []
  const walk = (suite: PlaywrightSuite, titles: string[]) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        found.push({
          title: [...titles, spec.title ?? ''].join(' › '),
          file: spec.file ?? suite.file ?? '',
          test,
        })
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title ?? ''])
  }
  // Top-level suites are the files; their titles would only repeat the file name.
  for (const file of report?.suites ?? []) walk(file, [])
  return found
}

/** Every skipped Playwright test with the reason it gave, so a summary never hides why. */
export const playwrightSkips = (report: PlaywrightReport): SkippedTest[] =>
  playwrightTests(report)
    .filter(({ test }) => test.status === 'skipped')
    .map(({ title, file, test }) => ({
      title,
      file,
      reason: test.annotations?.find((a) => a.type === 'skip')?.description?.trim() || 'no reason given',
    }))

/** The summary's lines for skipped tests: each with its file and reason. */
export const skipLines = (report: PlaywrightReport): string[] =>
  playwrightSkips(report).map((s) => `  skipped: ${s.title} (${s.file}): ${s.reason}`)

interface VitestReport {
  testResults?: {
    name?: string
    message?: string
    status?: string
    assertionResults?: { status?: string; fullName?: string; failureMessages?: string[] }[]
  }[]
}

export interface FailedTest {
  title: string
  file: string
  /** The first line of what the runner said, so a CI log's tail tells where to look. */
  reason: string
}

// Runners colour their messages; a log read as plain text should not show escape codes.
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')
const firstLine = (text: string | undefined): string =>
  (text ?? '')
    .replace(COLOUR, '')
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? ''

const relativeFile = (file: string | undefined): string => {
  const at = (file ?? '').lastIndexOf('/tests/')
  return at >= 0 ? (file ?? '').slice(at + 1) : (file ?? '')
}

/** Every failed vitest test, and every test file that failed before its tests could run. */
export function vitestFailures(report: VitestReport | null): FailedTest[] {
  const failed: FailedTest[] = []
  for (const file of report?.testResults ?? []) {
    const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed')
    for (const t of tests)
      failed.push({
        title: t.fullName ?? '',
        file: relativeFile(file.name),
        reason: firstLine(t.failureMessages?.[0]) || 'no message',
      })
    if (tests.length === 0 && file.status === 'failed')
      failed.push({
        title: '(the file itself)',
        file: relativeFile(file.name),
        reason: firstLine(file.message),
      })
  }
  return failed
}

/** Every Playwright test whose outcome was not the expected one (flaky ones passed on a retry). */
export const playwrightFailures = (report: PlaywrightReport): FailedTest[] =>
  playwrightTests(report)
    .filter(({ test }) => test.status === 'unexpected')
    .map(({ title, file, test }) => ({
      title,
      file,
      reason: firstLine(test.results?.at(-1)?.error?.message) || 'no message',
    }))

/** The summary's lines for failed tests, after the counts, where the tail of a log shows them. */
export const failureLines = (failures: FailedTest[]): string[] =>
  failures.map((f) => `  failed: ${f.title} (${f.file}): ${f.reason.slice(0, 300)}`)
