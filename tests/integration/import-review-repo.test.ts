import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { statementName } from '../../electron/ledger/slow-statements.ts'
import { addSandboxProfile } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * The reads of "what was written since the review's mark" (import: stageImport's commit check and every
 * chunk of commitImportInChunks). A chunked import asks once per chunk; a plan that starts at the profile's
 * payouts reads every row the import wrote so far each time (quadratic: a 100,000-row commit took 44 s
 * instead of 7). The plan must walk the audit log from the mark instead.
 */
const rows = (n: number) =>
  [
    'name,account number,bank code,mobile,email,amount',
    ...Array.from(
      { length: n },
      (_, i) => `Person ${i},00${1_000_000 + i},0002,081234567890,p${i}@example.com,${10_000 + i}`,
    ),
  ].join('\n')

describe('import-review-repo: reads since the mark', () => {
  let tmp: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => tmp?.cleanup())

  it('walk the audit log from the mark, whatever the profile has written before', async () => {
    tmp = makeTempDir()
    const db: Ledger = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    const profile = addSandboxProfile(db)
    // The statements the import really prepares, caught as it prepares them.
    const seen = new Map<string, string>()
    const prepare = db.prepare.bind(db)
    db.prepare = (sql: string) => {
      seen.set(statementName(sql), sql)
      return prepare(sql)
    }
    const text = rows(300)
    const staged = stageImport(db, profile.id, parseCsv(text), {
      fileName: 'a.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
    const committed = await commitImportInChunks(db, staged, {
      skipInvalid: false,
      accepted: { rows: new Set(), repeatFile: false },
      chunkRows: 64,
    })
    expect(committed.count).toBe(300)
    // A second file's review reads what was written since its own mark.
    stageImport(db, profile.id, parseCsv(rows(5)), {
      fileName: 'b.csv',
      sha256: sha256Hex(Buffer.from(rows(5))),
    })
    db.prepare = prepare

    const params = {
      'import.profileWroteSince': [100, profile.id],
      'import.livePayoutsSince': [100, profile.id, 0, 100],
    }
    for (const [name, values] of Object.entries(params)) {
      const sql = seen.get(name)
      expect(sql, `${name} was not prepared`).toBeDefined()
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${sql ?? ''}`)
        .all(...values)
        .map((r) => (r as { detail: string }).detail)
      expect(plan[0], `${name}: ${plan.join(' | ')}`).toMatch(
        /^SEARCH e USING INTEGER PRIMARY KEY \(rowid>\?\)/,
      )
    }
    db.close()
  })
})
