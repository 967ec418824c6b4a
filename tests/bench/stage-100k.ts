// Child of the bench: reads, reviews and commits a generated 100,000-row CSV as the window does, and
// reports its own peak memory.
import { join } from 'node:path'
import Papa from 'papaparse'
import { createImportSessions } from '../../electron/import/import-sessions.ts'
import { deskReviewTarget } from '../../electron/import/review-target.ts'
import { MIGRATIONS } from '../../electron/ledger/migrations/index.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { matchRecipient, recipientMatcher } from '../../electron/recipients/payee-rule.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
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
// Through the window's own import review: the file read in the reader's worker, checked a few
// milliseconds at a time, then confirmed and written in chunks.
const imports = createImportSessions(db)
const reviewMonitor = blockMonitor()
start = performance.now()
const view = await imports.open(deskReviewTarget(db, profile.id), 'big.csv', bytes)
const stageMs = performance.now() - start
const { maxBlockMs: reviewMaxBlockMs } = reviewMonitor.stop()
if (view.valid !== 100_000) throw new Error(`only ${view.valid} valid rows`)
start = performance.now()
// Generated rows are all different: no warning to accept.
const monitor = blockMonitor()
const committed = await imports.confirm(view.importId)
const commitMs = performance.now() - start
const { maxBlockMs: commitMaxBlockMs } = monitor.stop()
if (committed.count !== 100_000) throw new Error(`only ${committed.count} rows committed`)
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024)

// The payee rule of a New payout while those 100,000 payouts wait unsent: looked up by index, against
// reading every unsent payout (as before migration 16).
const shape = payoutShape('vexora', 'ID') as PayoutShape
const stranger = { bankCode: '0002', bankAccountNo: '009999999', customerName: 'Person 5' }
const timed = (check: () => unknown) => {
  const times: number[] = []
  for (let i = 0; i < 11; i++) {
    const at = performance.now()
    db.transaction(check)()
    times.push(performance.now() - at)
  }
  return times.sort((a, b) => a - b)[5] as number
}
const payeeCheckMs = timed(() => {
  if (matchRecipient(db, profile.id, shape, stranger).kind !== 'changed') throw new Error('Person 5 unseen')
})
const payeeCheckWholeMs = timed(() => recipientMatcher(db, profile.id, shape, 1e9)(stranger))
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
  `${JSON.stringify({ rows: committed.count, papaMs, stageMs, reviewMaxBlockMs, commitMs, commitMaxBlockMs, floorMs, baseRssMb, maxRssMb, payeeCheckMs, payeeCheckWholeMs })}\n`,
)
