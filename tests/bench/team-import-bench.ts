// The team ledger's import beside the desk's own: the same 100,000-row file, reviewed and written as one
// batch on each, in the same run (issue 25: the team's < 2× the desk's).
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type pg from 'pg'
import { commitTeamFile, reviewTeamFile } from '../../electron/actions/team-import.ts'
import { commitImport } from '../../electron/import/commit-import.ts'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { insertProfile } from '../../electron/ledger/profiles-repo.ts'
import { round, type Figure } from './bench-support.ts'

const IMPORT_ROWS = 100_000
const IMPORT_ROUNDS = 3
const NONE = { rows: new Set<number>(), repeatFile: false }

/** A payroll file as a bookkeeper's spreadsheet exports it: one payee per row, all valid. */
function payrollCsv(rows: number): Buffer {
  const lines = ['name,bank code,account number,mobile,email,amount']
  for (let i = 0; i < rows; i++)
    lines.push(
      `Person ${i},0002,${String(6_000_000_000 + i)},081234567890,p${i}@example.com,${10_000 + (i % 5_000)}`,
    )
  return Buffer.from(`${lines.join('\n')}\n`)
}

export async function teamImportFigure(
  add: (f: Figure) => void,
  dataDir: string,
  team: { admin: pg.Pool; budi: pg.Pool },
): Promise<void> {
  const bytes = payrollCsv(IMPORT_ROWS)
  const source = { fileName: 'payroll.csv', sha256: sha256Hex(bytes) }
  const headerFor = { provider: 'vexora' as const, area: 'ID' }

  // Rounds taken in turn, each ledger's middle one kept (as the send figure does): one round of either
  // alone moved by half on this machine, and in turn both see the same machine.
  const soloTimes: number[] = []
  const teamTimes: number[] = []
  let written = 0
  for (let round = 0; round < IMPORT_ROUNDS; round++) {
    const db = openLedger(join(dataDir, `team-bench-import-${round}.sqlite3`))
    const solo = insertProfile(db, {
      name: 'Bench import',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: 'http://127.0.0.1:9/vexora/id',
      merchantId: 'BENCH-IMPORT',
      notifyUrl: 'http://127.0.0.1:9/unused',
    })
    const s0 = performance.now()
    const sheet = await readSheet(source.fileName, bytes, { headerFor })
    const soloWritten = commitImport(db, stageImport(db, solo.id, sheet, source), {
      skipInvalid: false,
      accepted: NONE,
    })
    soloTimes.push(performance.now() - s0)
    db.close()

    // A profile of its own each round, at a gateway account of its own: the same file's references again.
    const profile = randomUUID()
    await team.admin.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, $2, 'vexora', 'sandbox', 'http://127.0.0.1:9/vexora/id', $3, 'IDR')`,
      [profile, `Bench import ${round}`, `BENCH-IMPORT-${round}`],
    )
    const t0 = performance.now()
    const review = await reviewTeamFile(team.budi, profile, async (h) => ({
      sheet: await readSheet(source.fileName, bytes, { headerFor: h }),
      source,
    }))
    const teamWritten = await commitTeamFile(team.budi, review, { skipInvalid: false, accepted: NONE })
    teamTimes.push(performance.now() - t0)
    if (soloWritten.count !== IMPORT_ROWS || teamWritten.written !== IMPORT_ROWS)
      throw new Error(`the import wrote ${soloWritten.count} and ${teamWritten.written} of ${IMPORT_ROWS}`)
    written += teamWritten.written
  }
  const middle = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0
  const soloMs = middle(soloTimes)
  const teamMs = middle(teamTimes)
  add({
    name: `team: importing a ${IMPORT_ROWS.toLocaleString('en')}-row file (read, review, write one batch), loopback`,
    value: round(teamMs / 1000, 1),
    unit: 's',
    goal: `< 2× the desk's own ledger (${round((2 * soloMs) / 1000, 1)} s)`,
    measured: { count: written, of: `payouts written (the middle of ${IMPORT_ROUNDS} rounds each)` },
    reference: {
      name: "the same file on the desk's own ledger (SQLite)",
      value: round(soloMs / 1000, 1),
      unit: 's',
    },
  })
}
