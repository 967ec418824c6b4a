import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cancelBatch } from '../../electron/actions/cancel.ts'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import type { ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { createBatchRunner } from '../../electron/payouts/batches.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { addSandboxProfile } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * Review 2, finding 4 (action: cancelBatch). `payout-desk cancel --batch B` on a batch the window is still
 * importing is refused: a cancel there would leave half the file in the ledger for good, because only a
 * batch still 'importing' is removed when its import is abandoned.
 */
const csv = [
  'name,account number,bank code,mobile,email,amount',
  ...Array.from(
    { length: 300 },
    (_, i) => `Person ${i},00${1_000_000 + i},0002,081234567890,p${i}@example.com,${10_000 + i}`,
  ),
].join('\n')

describe('cancel --batch on an import still being written', () => {
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

  it('leaves nothing of the import behind', async () => {
    const staged = stageImport(db, profile.id, parseCsv(csv), {
      fileName: 'big.csv',
      sha256: sha256Hex(Buffer.from(csv)),
    })
    let go!: () => void
    const paused = new Promise<void>((r) => (go = r))
    const window = commitImportInChunks(db, staged, {
      skipInvalid: false,
      accepted: { rows: new Set(), repeatFile: false },
      chunkRows: 64,
      onChunk: (written) => (written === 64 ? paused : undefined),
    })
    await new Promise((r) => setTimeout(r, 50))
    const batchId = db.prepare("SELECT id FROM batches WHERE state = 'importing'").pluck().get() as string
    const runner = createBatchRunner({
      db,
      engine: createEngine({ db, resolveClient: () => Promise.reject(new Error('no gateway here')) }),
      ready: Promise.resolve(),
    })
    expect(() => cancelBatch({ ledger: db }, runner, batchId)).toThrow(/still being imported/)
    go()
    await window.catch(() => undefined)
    const left = (sql: string) => db.prepare(sql).pluck().get() as number
    // The window finished the import whole.
    expect(left('SELECT count(*) FROM payouts')).toBe(300)
    expect(left("SELECT count(*) FROM batches WHERE state = 'draft'")).toBe(1)
  })
})
