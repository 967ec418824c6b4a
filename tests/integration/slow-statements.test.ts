import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import {
  logSlowStatementsTo,
  slowStatementLine,
  type SlowStatement,
} from '../../electron/ledger/slow-statements.ts'
import { prepared } from '../../electron/ledger/statements.ts'
import { createErrorLog } from '../../electron/services/error-log.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// Really slow on any machine: SQLite counts to 3,000,000 one row at a time (well over 40 ms).
const SLOW = `/* test.count */ WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000)
  SELECT count(*) FROM c`

let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
let logged: SlowStatement[]
beforeEach(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
  logged = []
  logSlowStatementsTo(db, (slow) => logged.push(slow))
})
afterEach(() => {
  if (db.open) db.close()
  tmp.cleanup()
})

describe('slow ledger statements are logged with their name and duration', () => {
  it('logs a slow cached statement by its name, and not a fast one', () => {
    expect(prepared(db, SLOW).pluck().get()).toBe(3_000_000)
    prepared(db, 'SELECT count(*) FROM payouts').get()
    expect(logged).toHaveLength(1)
    expect(logged[0]?.name).toBe('test.count')
    expect(logged[0]?.ms).toBeGreaterThan(40)
  })

  it('times an iterate() over its steps, an exec, and a whole transaction with its commit', () => {
    const rows = [...db.prepare(SLOW).iterate()]
    expect(rows).toHaveLength(1)
    db.exec(`CREATE TABLE t AS ${SLOW.replace('/* test.count */', '')}`)
    db.transaction(function bigWrite() {
      db.prepare(`INSERT INTO t ${SLOW.replace('/* test.count */', '')}`).run()
    }).immediate()
    const names = logged.map((s) => s.name)
    expect(names[0]).toBe('test.count')
    expect(names[1]).toMatch(/^CREATE TABLE t AS WITH RECURSIVE/)
    // The statement inside, then the transaction around it (statements and COMMIT).
    expect(names).toContain('transaction bigWrite (immediate)')
  })

  it('writes the line to the app log file, with the name and the milliseconds', () => {
    const errorLog = createErrorLog(tmp.dir)
    logSlowStatementsTo(db, (slow) => errorLog.write('ledger', slowStatementLine(slow)))
    prepared(db, SLOW).get()
    expect(readFileSync(errorLog.file, 'utf8')).toMatch(/\[ledger\] slow statement test\.count took \d+ ms/)
  })
})
