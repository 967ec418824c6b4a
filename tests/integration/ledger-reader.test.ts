import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLedgerReader, type LedgerReader } from '../../electron/services/ledger-reader.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import type { ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { READ_WORKER, ipcServicesSuite } from '../support/ipc-services.ts'
import { addSandboxProfile, seedPayouts, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/** `count` payouts in one statement per 1,000, as fast as SQLite writes them (no audit events needed). */
function fill(db: Ledger, profile: ProfileRecord, count: number) {
  const insert = db.prepare(`INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency,
      beneficiary_name, account_no, fields_json, status, created_at, updated_at)
    VALUES (?, ?, 'vexora', ?, ?, 'IDR', ?, ?, '{}', 'succeeded', ?, ?)`)
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = 1_700_000_000_000 + i
      insert.run(`fill-${i}`, profile.id, `F${i}`, 10_000 + (i % 997), `Name ${i}`, `00${i}`, at, at)
    }
  })()
}

describe('ledger reads on the read worker', () => {
  let tmp: ReturnType<typeof makeTempDir>
  let db: Ledger
  let profile: ProfileRecord
  let reader: LedgerReader
  let errors: unknown[]
  beforeEach(() => {
    tmp = makeTempDir()
    db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    profile = addSandboxProfile(db)
    errors = []
    reader = createLedgerReader(db, { workerPath: READ_WORKER, onError: (e) => errors.push(e) })
  })
  afterEach(async () => {
    await reader.stop()
    if (db.inTransaction) db.exec('ROLLBACK')
    db.close()
    tmp.cleanup()
  })

  it('answers from the last commit while main holds a write transaction, on its own connection', async () => {
    seedPayouts(db, profile, 30)
    await reader.reads.recentBatches() // the worker is up
    db.exec('BEGIN IMMEDIATE')
    insertPayout(db, vexoraPayout(profile, 999, { reference: 'UNCOMMITTED' }))
    // Main's own connection sees its uncommitted row; the worker reads the ledger as last committed,
    // without waiting for the writer.
    expect(db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(31)
    const page = await reader.reads.listPayouts({ limit: 100 })
    expect(page.rows).toHaveLength(30)
    expect(page.rows.some((r) => r.reference === 'UNCOMMITTED')).toBe(false)
    const board = await reader.reads.dashboard([1_699_999_000_000], 1_699_999_000_000)
    expect(board.profiles[0]?.week.processing).toBe(30)
    db.exec('COMMIT')
    expect((await reader.reads.listPayouts({ limit: 100 })).rows).toHaveLength(31)
    expect(reader.fallbacks()).toBe(0)
    expect(errors).toEqual([])
  })

  it('keeps a refusal a refusal: an AppError crosses the thread with its code', async () => {
    await expect(reader.reads.listPayouts({ limit: 10, cursor: 'not-a-cursor' })).rejects.toMatchObject({
      name: 'AppError',
      code: 'INVALID_INPUT',
    })
  })

  it('loses no read when the worker is killed mid-run: main answers it, the error is logged', async () => {
    fill(db, profile, 100_000)
    await reader.reads.recentBatches()
    const worker = reader.worker()
    expect(worker).not.toBeNull()
    // A whole-ledger export takes the worker well over a second; it dies a moment after it began.
    const exporting = reader.reads.payoutsCsvBytes({ sort: 'amountHigh' })
    const overview = reader.reads.dashboard([1_699_999_000_000], 1_699_999_000_000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await worker?.terminate()
    const { count, bytes } = await exporting
    expect(count).toBe(100_000)
    expect(new TextDecoder().decode(bytes).split('\n').filter(Boolean)).toHaveLength(100_001)
    expect((await overview).profiles[0]?.week.succeeded).toBe(100_000)
    expect(reader.fallbacks()).toBe(2)
    expect(String(errors[0])).toMatch(/read worker stopped .* 2 read\(s\) it held were answered/)
    // The next read starts a new worker.
    expect((await reader.reads.listPayouts({ limit: 5 })).rows).toHaveLength(5)
    expect(reader.worker()).not.toBeNull()
    expect(reader.worker()).not.toBe(worker)
    expect(reader.fallbacks()).toBe(2)
  }, 120_000)
})

describe("the window's read channels while the writer holds the ledger", () => {
  const ipc = ipcServicesSuite()
  it('answer from the read worker without seeing or waiting for the uncommitted write', async () => {
    const db = ipc.services.ledger
    const profile = addSandboxProfile(db, 'Held')
    seedPayouts(db, profile, 10)
    db.exec('BEGIN IMMEDIATE')
    try {
      insertPayout(db, vexoraPayout(profile, 500, { reference: 'UNCOMMITTED' }))
      const page = await ipc.call('listPayouts', { limit: 50 })
      expect(page.rows.map((r) => r.reference)).not.toContain('UNCOMMITTED')
      expect(page.rows).toHaveLength(10)
      const attention = await ipc.call('listAttention', {})
      expect(attention.count).toBe(0)
    } finally {
      db.exec('ROLLBACK')
    }
  })
})
