// Reads the runners' JSON reports for `npm test`'s summary (scripts/test.mjs).

interface PlaywrightTest {
  status?: string
  annotations?: { type?: string; description?: string }[]
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

/** Every skipped Playwright test with the reason it gave, so a summary never hides why. */
export function playwrightSkips(report: { suites?: PlaywrightSuite[] } | null): SkippedTest[] {
  const skipped: SkippedTest[] = []
  const walk = (suite: PlaywrightSuite, titles: string[]) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) {
        if (test.status !== 'skipped') continue
        const reason = test.annotations?.find((a) => a.type === 'skip')?.description?.trim()
        skipped.push({
          title: [...titles, spec.title ?? ''].join(' › '),
          file: spec.file ?? suite.file ?? '',
          reason: reason || 'no reason given',
        })
      }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title ?? ''])
  }
  // Top-level suites are the files; their titles would only repeat the file name.
  for (const file of report?.suites ?? []) walk(file, [])
  return skipped
}

/** The summary's lines for skipped tests: each with its file and reason. */
export const skipLines = (report: { suites?: PlaywrightSuite[] } | null): string[] =>
  playwrightSkips(report).map((s) => `  skipped: ${s.title} (${s.file}): ${s.reason}`)
