// Child of the bench: stages and commits a generated 100,000-row CSV and reports its own peak memory.
import { join } from 'node:path'
import Papa from 'papaparse'
import { commitImport, sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { addSandboxProfile } from '../support/ledger-fixtures.ts'

const dir = process.argv[2] ?? '.'
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

const db = openLedger(join(dir, 'import', 'ledger.sqlite3'))
const profile = addSandboxProfile(db, 'Import')
start = performance.now()
const staged = stageImport(db, profile.id, parseCsv(text), { fileName: 'big.csv', sha256: sha256Hex(bytes) })
const stageMs = performance.now() - start
if (staged.valid !== 100_000) throw new Error(`only ${staged.valid} valid rows`)
start = performance.now()
commitImport(db, staged, { skipInvalid: false })
const commitMs = performance.now() - start
db.close()
process.stdout.write(
  `${JSON.stringify({ rows: staged.valid, papaMs, stageMs, commitMs, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
)
