import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { commitImport } from '../../electron/import/commit-import.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import type { ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { addSandboxProfile } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * Review 2, finding 1 (import: stageImport, commitImport, commitImportInChunks). A file's commit refuses
 * when the ledger moved under its review: the same file imported, or the same account and amount written
 * meanwhile. Its marks must be ones no delete can lower: an abandoned import removes its rows, and SQLite
 * hands their rowids out again, below any rowid mark.
 */
const big = [
  'name,account number,bank code,mobile,email,amount',
  ...Array.from(
    { length: 200 },
    (_, i) => `Person ${i},00${1_000_000 + i},0002,081234567890,p${i}@example.com,${10_000 + i}`,
  ),
].join('\n')
const salary = [
  'name,account number,bank code,mobile,email,amount',
  'Budi Santoso,0099887766,0002,081234567890,budi@example.com,5000000',
].join('\n')

const none = { skipInvalid: false, accepted: { rows: new Set<number>(), repeatFile: false } }

describe('review marks that an abandoned import cannot lower', () => {
  let tmp: ReturnType<typeof makeTempDir>
  let db: Ledger
  let profile: ProfileRecord
  beforeEach(() => {
    tmp = makeTempDir()
    db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    profile = addSandboxProfile(db)
  })
  afterEach(() => {
    db.close()
    tmp.cleanup()
  })
  const stage = (text: string, fileName: string) =>
    stageImport(db, profile.id, parseCsv(text), { fileName, sha256: sha256Hex(Buffer.from(text)) })

  it('the same salary file imported meanwhile is refused, though an abandoned import freed rowids below the mark', async () => {
    // The window writes a large file in chunks (in progress: one chunk in).
    let fail!: (e: Error) => void
    const failed = new Promise<void>((_, reject) => (fail = reject))
    const window = commitImportInChunks(db, stage(big, 'big.csv'), {
      ...none,
      chunkRows: 64,
      onChunk: () => failed,
    })
    await new Promise((r) => setTimeout(r, 50))
    // Meanwhile the command line reviews the salary file (`send salary.csv`, waiting at its prompt):
    // its review mark lies above the window's half-written rows and batch.
    const cliReview = stage(salary, 'salary.csv')
    expect(cliReview.previousImport).toBeNull()
    // The window's import fails (closed, disk full, a conflict...) and removes what it wrote.
    fail(new Error('window closed'))
    await expect(window).rejects.toThrow('window closed')
    // The colleague at the window imports the salary file and confirms: its batch and payout take the
    // rowids the abandoned import freed, at or below the command line's mark.
    commitImport(db, stage(salary, 'salary.csv'), none)
    // The command line's person now answers "y" to the review that said "not imported before, no
    // duplicate". It must be refused: the same file was imported meanwhile.
    expect(() => commitImport(db, cliReview, none)).toThrow(/imported meanwhile|written meanwhile/)
    const paid = db
      .prepare("SELECT count(*) FROM payouts WHERE account_no = '0099887766'")
      .pluck()
      .get() as number
    expect(paid).toBe(1)
  })

  it('the same account and amount written meanwhile by another file is refused, below the mark too', async () => {
    let fail!: (e: Error) => void
    const failed = new Promise<void>((_, reject) => (fail = reject))
    const window = commitImportInChunks(db, stage(big, 'big.csv'), {
      ...none,
      chunkRows: 64,
      onChunk: () => failed,
    })
    await new Promise((r) => setTimeout(r, 50))
    const cliReview = stage(salary, 'salary.csv')
    fail(new Error('window closed'))
    await expect(window).rejects.toThrow('window closed')
    // Another file (another digest) pays Budi the same amount.
    commitImport(
      db,
      stage(`${salary}\nSiti Rahma,0012345,0002,081234567890,siti@example.com,150000`, 'july.csv'),
      none,
    )
    expect(() => commitImport(db, cliReview, none)).toThrow(/written meanwhile/)
  })
})
