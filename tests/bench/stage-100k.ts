// Child of the bench: stages and commits a generated 100,000-row CSV and reports its own peak memory.
import { join } from 'node:path'
import Papa from 'papaparse'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { MIGRATIONS } from '../../electron/ledger/migrations/index.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { addSandboxProfile } from '../support/ledger-fixtures.ts'
import { appCheckpoints, blockMonitor } from './bench-support.ts'

const dir = process.argv[2] ?? '.'
const migrations = MIGRATIONS
const rows = ['name,account number,bank code,mobile,email,amount']
for (let i = 0; i < 100_000; i++)
  rows.push(
    `Person ${i},00${1_000_000 + i},0002,081234567890,p${i}@example.com,"${(10_000 + i).toLocaleString('en')}"`,
  )
const text = rows.join('\n')
const bytes = Buffer.from(text)

let start = performance.now()
Papa.parse(text, { skipEmptyLines: 'greedy' })
const papaMs = performance.now() - start

const db = openLedger(join(dir, 'import', 'ledger.sqlite3'), migrations)
const checkpointer = await appCheckpoints(db)
const profile = addSandboxProfile(db, 'Import')
const baseRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024)
start = performance.now()
const staged = stageImport(db, profile.id, parseCsv(text), { fileName: 'big.csv', sha256: sha256Hex(bytes) })
const stageMs = performance.now() - start
if (staged.valid !== 100_000) throw new Error(`only ${staged.valid} valid rows`)
start = performance.now()
// As the window commits: in chunks, the event loop turning between them. Generated rows are all
// different: no warning to accept.
const monitor = blockMonitor()
const committed = await commitImportInChunks(db, staged, {
  skipInvalid: false,
  accepted: { rows: new Set(), repeatFile: false },
})
const commitMs = performance.now() - start
const { maxBlockMs: commitMaxBlockMs } = monitor.stop()
if (committed.count !== 100_000) throw new Error(`only ${committed.count} rows committed`)
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
await checkpointer.stop()
db.close()

// The floor under the insert: the same rows, copied into a second ledger by SQLite alone (no JavaScript
// per row), with the same indexes, audit events, commit and checkpoint worker.
const floor = openLedger(join(dir, 'floor', 'ledger.sqlite3'), migrations)
const floorCheckpointer = await appCheckpoints(floor)
floor.exec(`ATTACH '${join(dir, 'import', 'ledger.sqlite3')}' AS src;
  INSERT INTO profiles SELECT * FROM src.profiles; INSERT INTO batches SELECT * FROM src.batches;`)
const columns = (table: string) =>
  (floor.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).join(', ')
start = performance.now()
floor.transaction(() => {
  floor.exec(
    `INSERT INTO payouts (${columns('payouts')}) SELECT ${columns('payouts')} FROM src.payouts ORDER BY rowid`,
  )
  floor.exec(`INSERT INTO payout_events (${columns('payout_events')})
    SELECT ${columns('payout_events')} FROM src.payout_events ORDER BY seq`)
})()
const floorMs = performance.now() - start
await floorCheckpointer.stop()
floor.close()
process.stdout.write(
  `${JSON.stringify({ rows: committed.count, papaMs, stageMs, commitMs, commitMaxBlockMs, floorMs, baseRssMb, maxRssMb })}\n`,
)
