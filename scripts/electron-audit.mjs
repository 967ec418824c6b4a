#!/usr/bin/env node
// `npm run audit:electron`: Electronegativity over the Electron sources, the renderer's HTML (its CSP)
// and package.json (the Electron version). Fails on any finding above INFORMATIONAL. A check silenced in
// the code (`// eng-disable CHECK_ID`) carries its reason on the same line.
//
// The tool is called as a library rather than through its CLI because the CLI first fetches translations
// from the internet, which CI does not have.
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const toolMain = require.resolve('@doyensec/electronegativity')
const toolRequire = createRequire(toolMain)
toolRequire('i18n').configure({
  locales: ['en-US'],
  defaultLocale: 'en-US',
  directory: join(toolMain, '..', 'locales'),
  updateFiles: false,
  objectNotation: true,
  register: global,
})
const run = require('@doyensec/electronegativity')

const SKIPPED = {
  // Looks up newer Electron releases over the internet; CI has none. Electron is kept current through
  // package.json like every other dependency.
  AvailableSecurityFixesGlobalCheck: 'needs the internet',
}

// Findings accepted on purpose, each with why and a test that it is no wider than that.
const ACCEPTED = {
  // Mantine writes its theme's CSS variables in a <style> tag, so style-src needs 'unsafe-inline'.
  // Scripts stay 'self' only, which is what matters against injection; nothing else may be unsafe.
  CSP_GLOBAL_CHECK: (issue) =>
    (issue.sample.match(/'unsafe-[a-z-]+'/g) ?? []).length === 1 &&
    /style-src 'self' 'unsafe-inline';/.test(issue.sample),
}

const electronVersion = require('electron/package.json').version
const dir = mkdtempSync(join(tmpdir(), 'payout-desk-audit-'))
try {
  cpSync('electron', join(dir, 'electron'), { recursive: true })
  cpSync('renderer/index.html', join(dir, 'index.html'))
  cpSync('package.json', join(dir, 'package.json'))
  const result = await run(
    {
      input: dir,
      isRelative: true,
      customScan: [],
      excludeFromScan: Object.keys(SKIPPED),
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  )
  const findings = result.issues.filter((i) => i.severity.name !== 'INFORMATIONAL' && !ACCEPTED[i.id]?.(i))
  console.log(
    `Electronegativity: ${result.globalChecks + result.atomicChecks} checks over the sources for Electron ${electronVersion}; ` +
      `${result.issues.length} findings, ${findings.length} above informational.`,
  )
  for (const i of findings)
    console.log(
      `  ${i.severity.name} ${i.id} ${i.file}:${i.location.line}:${i.location.column} ${i.description}`,
    )
  for (const e of result.errors) console.log(`  could not parse ${e.file}: ${e.message}`)
  process.exit(findings.length > 0 || result.errors.length > 0 ? 1 : 0)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
