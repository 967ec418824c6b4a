import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCheckpointer } from '../../electron/ledger/checkpointer.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { eventually } from '../support/eventually.ts'
import { addSandboxProfile, vexoraDraft } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const WORKER = fileURLToPath(new URL('../../electron/ledger/checkpoint-worker.ts', import.meta.url))
const DYING = fileURLToPath(new URL('../fixtures/dying-checkpoint-worker.ts', import.meta.url))

let tmp: ReturnType<typeof makeTempDir>
let file: string
let db: Ledger
beforeEach(() => {
  tmp = makeTempDir()
  file = join(tmp.dir, 'ledger.sqlite3')
  db = openLedger(file)
})
afterEach(() => {
  if (db.open) db.close()
  tmp.cleanup()
})

const selfCheckpointPages = () => db.pragma('wal_autocheckpoint', { simple: true }) as number

/** About 2,000 pages of payouts in one commit: twice what makes a connection checkpoint by itself. */
function writeBigBatch() {
  const profile = addSandboxProfile(db)
  draftPayouts(
    db,
    profile.id,
    Array.from({ length: 8_000 }, (_, n) => vexoraDraft(n)),
  )
}

describe('ledger checkpoints on a worker thread', () => {
  it('copies committed payouts into the database file while the writing connection never checkpoints', async () => {
    const errors: unknown[] = []
    const checkpointer = startCheckpointer(db, {
      workerPath: WORKER,
      everyMs: 100,
      onError: (e) => errors.push(e),
    })
    expect(await checkpointer.started).toBe(true)
    expect(selfCheckpointPages()).toBe(0)
    const before = statSync(file).size
    writeBigBatch()
    // Only the worker can have grown the file: the writing connection's automatic checkpoint is off.
    await eventually(() => statSync(file).size > before + 4_000_000)
    expect(selfCheckpointPages()).toBe(0)
    await checkpointer.stop()
    expect(selfCheckpointPages()).toBe(1000)
    expect(errors).toEqual([])
    // The worker's connection is closed: the ledger is the last one, so closing it removes the log.
    db.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
    const reopened = openLedger(file)
    expect(reopened.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(8_000)
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok')
    reopened.close()
  })

  it('hands checkpoints back to the ledger, and says so, when the worker dies', async () => {
    const errors: unknown[] = []
    const checkpointer = startCheckpointer(db, { workerPath: DYING, onError: (e) => errors.push(e) })
    expect(await checkpointer.started).toBe(true)
    expect(selfCheckpointPages()).toBe(0)
    await eventually(() => errors.length > 0)
    expect(String(errors[0])).toContain('exit code 3')
    expect(selfCheckpointPages()).toBe(1000)
    writeBigBatch()
    // Checkpointed inside the commit, as without a worker: the whole batch is already in the file.
    expect(statSync(file).size).toBeGreaterThan(4_000_000)
  })

  it('leaves the ledger checkpointing itself when the worker cannot start', async () => {
    const errors: unknown[] = []
    const checkpointer = startCheckpointer(db, {
      workerPath: join(tmp.dir, 'missing-worker.js'),
      onError: (e) => errors.push(e),
    })
    expect(await checkpointer.started).toBe(false)
    expect(errors.length).toBeGreaterThan(0)
    expect(selfCheckpointPages()).toBe(1000)
    await checkpointer.stop()
  })
})
