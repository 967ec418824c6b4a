import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { commitImport } from '../../electron/import/commit-import.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { RECENT_MS } from '../../electron/import/review-book.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import type { ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { observe } from '../../electron/ledger/payout-store.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * Review 2, finding 1 (import: stageImport, commitImport, commitImportInChunks). A file's commit refuses
 * when the ledger moved under its review: the same file imported, or the same account and amount written
 * meanwhile, or found meanwhile to have maybe paid after all. Its marks must be ones no delete can lower: an abandoned import removes its rows, and SQLite
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

  /** Budi's failed payout of the salary's amount; the gateway's late answer says it has it after all. */
  const failedSalary = (writtenAt = Date.now()) => {
    const id = insertPayout(
      db,
      vexoraPayout(profile, 1, {
        amountMinor: 5_000_000,
        accountNo: '0099887766',
        fields: { bankCode: '0002', bankAccountNo: '0099887766', customerName: 'Budi Santoso' },
        status: 'failed',
      }),
      writtenAt,
    )
    db.prepare('UPDATE payouts SET attempts = 1 WHERE id = ?').run(id)
    return () =>
      observe(
        db,
        id,
        {
          // A final payout keeps its status; the gateway's contrary word goes to a person (answers.ts).
          to: 'failed',
          source: 'query',
          nextCheckAt: null,
          attention: { reason: 'contradiction', detail: { gatewayStatus: 'SUCCESS' } as never },
        },
        Date.now(),
      )
  }

  it('a failed payout of the same account and amount that may have paid after all, by the gateway meanwhile, is refused', () => {
    const gatewaySaysPaid = failedSalary()
    // Failed when reviewed: nothing to warn about, so nothing was accepted.
    const review = stage(salary, 'salary.csv')
    expect(review.rows[0]?.warnings).toEqual([])
    gatewaySaysPaid()
    expect(() => commitImport(db, review, none)).toThrow(/may have been paid after all/)
    expect(db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)
  })

  it("the review's 30 days count from the review, not the confirm: a payout that left the window meanwhile still counts", () => {
    // Reviewed two minutes ago; Budi's failed payout was written a minute inside that review's 30 days.
    const reviewedAt = Date.now() - 2 * 60_000
    const gatewaySaysPaid = failedSalary(reviewedAt - RECENT_MS + 60_000)
    const source = { fileName: 'salary.csv', sha256: sha256Hex(Buffer.from(salary)) }
    const review = stageImport(db, profile.id, parseCsv(salary), source, { now: reviewedAt })
    expect(review.rows[0]?.warnings).toEqual([])
    // Meanwhile the gateway says it has it after all, though it is now 30 days and a minute old.
    gatewaySaysPaid()
    expect(() => commitImport(db, review, none)).toThrow(/may have been paid after all/)
    expect(db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)
  })

  it('the same between two chunks of a large file, which then writes nothing', async () => {
    const gatewaySaysPaid = failedSalary()
    const review = stage(
      `${big}\nBudi Santoso,0099887766,0002,081234567890,budi@example.com,5000000`,
      'big.csv',
    )
    await expect(
      commitImportInChunks(db, review, {
        ...none,
        chunkRows: 64,
        onChunk: (written) => {
          if (written === 64) gatewaySaysPaid()
        },
      }),
    ).rejects.toThrow(/may have been paid after all/)
    expect(db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)
  })
})
