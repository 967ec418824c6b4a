import { spawnSync } from 'node:child_process'
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defuseFormulas } from '../../electron/export/csv-cells.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { calcMissing } from '../support/calc-files.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { runCli } from '../support/run-cli.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// Names come from files and messages from gateways verbatim: each of these tried to run as a formula.
const NASTY = [
  '=HYPERLINK("http://x","click")\n',
  "Budi;=cmd|' /C calc'!A0",
  '＝1+1',
  '\t=1+1',
  '  =1+1',
  '+1+1',
  '-1+1',
  '@SUM(1,1)',
  '＋1+1',
  '－1+1',
  '\r=1+1',
  'Siti\n=1+1',
  'Siti, =1+1',
  'Siti;"=1+1"',
]
const BENEFICIARY = 10 // its column, counted from 1

const tmp = makeTempDir('payout-desk-export-')
const dataDir = join(tmp.dir, 'data')
const scripted = scriptedFiles(tmp.dir)
let services: Services
const { call } = ipcCaller(() => createHandlers(services, () => undefined))
const mode = (path: string) => statSync(path).mode & 0o777

beforeAll(async () => {
  services = await createServices({
    appVersion: 't',
    dataDir,
    sandbox: false,
    poll: false,
    files: scripted.port,
  })
  const profile = addSandboxProfile(services.ledger)
  NASTY.forEach((name, i) => {
    const id = insertPayout(
      services.ledger,
      vexoraPayout(profile, i, { beneficiaryName: name, status: 'failed' }),
      1_700_000_000_000 + i,
    )
    services.ledger
      .prepare('UPDATE payouts SET gateway_message = ?, last_error = ? WHERE id = ?')
      .run(name, name, id)
  })
})
afterAll(async () => {
  await services.close()
  tmp.cleanup()
})

/** Calc's text of a flat-ODS cell: paragraphs on lines, its space, tab and line-break elements undone. */
function cellText(xml: string): string {
  return [...xml.matchAll(/<text:p[^>]*>([\s\S]*?)<\/text:p>|<text:p[^>]*\/>/g)]
    .map(([, p = '']) =>
      p
        .replace(/<text:s text:c="(\d+)"\/>/g, (_, n: string) => ' '.repeat(Number(n)))
        .replace(/<text:s\/>/g, ' ')
        .replace(/<text:tab\/>/g, '\t')
        .replace(/<text:line-break\/>/g, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join('\n')
}

interface Sheet {
  formulas: string[]
  rows: string[][]
}

/** Every cell of a flat ODS: its shown text, repeated cells expanded, and which cells hold formulas. */
function readFods(path: string): Sheet {
  const body = readFileSync(path, 'utf8').split('<office:body>')[1] ?? ''
  const formulas = [...body.matchAll(/table:formula="([^"]*)"/g)].map(([, f = '']) => f)
  const rows = [...body.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(
    ([, row = '']) =>
      [...row.matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].flatMap(
        ([, attrs = '', inner = '']) => {
          const repeat = Number(/number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1)
          return Array<string>(Math.min(repeat, 50)).fill(cellText(inner))
        },
      ),
  )
  return { formulas, rows }
}

/** Opens each CSV in LibreOffice Calc headless with `separator`, as a person's Calc or Excel would. */
function openInCalc(files: string[], separator: ';' | ','): Record<string, Sheet> {
  const out = join(tmp.dir, `calc-${separator === ';' ? 'semicolon' : 'comma'}`)
  const run = spawnSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${join(tmp.dir, 'calc-profile')}`,
      `--infilter=Text - txt - csv (StarCalc):${separator.charCodeAt(0)},34,76,1`,
      '--convert-to',
      'fods',
      '--outdir',
      out,
      ...files,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  )
  expect(run.status, run.stderr).toBe(0)
  return Object.fromEntries(
    files.map((f) => [basename(f), readFods(join(out, basename(f).replace(/\.csv$/, '.fods')))]),
  )
}

describe('the payouts export', () => {
  it.skipIf(calcMissing())(
    'opens in Calc with either separator without a single formula, and is private to its owner',
    async () => {
      // Both doors write over an older export someone left readable by all.
      const windowFile = join(tmp.dir, 'window.csv')
      const cliFile = join(tmp.dir, 'cli.csv')
      for (const file of [windowFile, cliFile]) {
        writeFileSync(file, 'old')
        chmodSync(file, 0o644)
      }
      scripted.saveAs = windowFile
      const saved = await call('exportPayouts', {})
      expect(saved).toEqual({ savedTo: windowFile, count: NASTY.length })
      await services.close()
      const cli = await runCli(['--data-dir', dataDir, 'export', '--out', cliFile, '--force'])
      expect(cli.code, cli.stderr).toBe(0)
      services = await createServices({ appVersion: 't', dataDir, sandbox: false, poll: false })

      for (const file of [windowFile, cliFile]) {
        expect(mode(file), file).toBe(0o600)
        const text = readFileSync(file, 'utf8')
        expect(text.startsWith('\uFEFFreference,gatewayId,profile,provider,status,')).toBe(true)
        // A `;` inside a value is quoted, so a `,` spreadsheet keeps "Budi;…" in one cell.
        expect(text).toContain(`"Budi;'=cmd|' /C calc'!A0"`)
      }
      // The oracle works: Calc runs an undefused cell as a formula.
      const control = join(tmp.dir, 'control.csv')
      writeFileSync(control, 'a;b\n=1+1;x\n')

      const files = [windowFile, cliFile, control]
      const bySemicolon = openInCalc(files, ';')
      const byComma = openInCalc(files, ',')
      expect(bySemicolon['control.csv']?.formulas).toEqual(['of:=1+1'])
      for (const name of ['window.csv', 'cli.csv']) {
        expect(bySemicolon[name]?.formulas, `${name} read with ;`).toEqual([])
        expect(byComma[name]?.formulas, `${name} read with ,`).toEqual([])
        // With the file's own separator every row stays one row and every name is there, defused.
        const rows = byComma[name]?.rows ?? []
        expect(rows).toHaveLength(NASTY.length + 1)
        const names = rows.slice(1).map((r) => r[BENEFICIARY - 1])
        expect(names.sort()).toEqual(NASTY.map(defuseFormulas).sort())
      }
    },
    300_000,
  )
})
