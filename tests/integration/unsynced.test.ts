import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { releaseLease, renewLease, takeLease } from '../../electron/ledger/leases.ts'
import { claimForSubmit } from '../../electron/ledger/payout-store.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { flushUnsynced, unsynced } from '../../electron/ledger/unsynced.ts'
import { prepared } from '../../electron/ledger/statements.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// Covers electron/ledger/unsynced.ts and its users' promise: only their own commit skips the disk wait;
// the connection is back at FULL before anything else (a payout's write-ahead) can commit on it.
const FULL = 2
const NORMAL = 1

let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
const level = () => db.pragma('synchronous', { simple: true }) as number

beforeEach(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
  db.exec('CREATE TABLE notes (text TEXT)')
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

describe('unsynced', () => {
  it('commits its write at NORMAL, returns its value and puts FULL back', () => {
    const seen = unsynced(db, () => {
      db.prepare("INSERT INTO notes VALUES ('a')").run()
      return level()
    })
    expect(seen).toBe(NORMAL)
    expect(level()).toBe(FULL)
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(1)
  })

  it('puts FULL back when the write throws, and lets the error through', () => {
    expect(() =>
      unsynced(db, () => {
        throw new Error('no')
      }),
    ).toThrow('no')
    expect(level()).toBe(FULL)
  })

  it('inside a transaction leaves the level to it (SQLite refuses a change there)', () => {
    const seen = db.transaction(() => unsynced(db, level))()
    expect(seen).toBe(FULL)
    expect(level()).toBe(FULL)
  })

  it('puts FULL back even when the same pragma statement was prepared through the cache before', () => {
    // SQLite applies this pragma when a statement is compiled: a cached one prepared ahead of its first
    // run would do nothing the first time (review finding), leaving every later write-ahead unsynced.
    prepared(db, 'PRAGMA synchronous = 2')
    unsynced(db, () => db.prepare("INSERT INTO notes VALUES ('a')").run())
    expect(level()).toBe(FULL)
    unsynced(db, () => db.prepare("INSERT INTO notes VALUES ('b')").run())
    expect(level()).toBe(FULL)
  })

  it('keeps a level the connection already had below FULL', () => {
    db.pragma('synchronous = NORMAL')
    expect(unsynced(db, level)).toBe(NORMAL)
    expect(level()).toBe(NORMAL)
  })
})

describe('lease writes', () => {
  it("take, renew and release each leave the connection at FULL, and a payout's write-ahead synced", () => {
    const profile = addSandboxProfile(db, 'Shop')
    const id = insertPayout(db, vexoraPayout(profile, 1))
    expect(takeLease(db, id, 'me', Date.now(), 60_000)).toBe(true)
    expect(level()).toBe(FULL)
    expect(renewLease(db, id, 'me', Date.now(), 60_000)).toBe(true)
    expect(level()).toBe(FULL)
    releaseLease(db, id, 'me')
    expect(level()).toBe(FULL)
    expect(db.prepare('SELECT lease_owner FROM payouts WHERE id = ?').pluck().get(id)).toBeNull()
    const seen: number[] = []
    const claim = { owner: 'me', ms: 60_000 }
    claimForSubmit(db, id, ['queued', 'draft', 'processing'], Date.now(), claim, () => seen.push(level()) > 0)
    expect(seen).toEqual([FULL])
  })
})

describe('flushUnsynced', () => {
  // That the fsync reaches the disk cannot be seen without a power cut; the bench shows its effect (the
  // publishing commit's wait). What can fail here: an error from a ledger with no log to open.
  it('leaves what unsynced commits wrote readable, and never fails when there is no log to open', async () => {
    unsynced(db, () => db.prepare("INSERT INTO notes VALUES ('chunk')").run())
    await flushUnsynced(db)
    // A ledger without a log file (its journal elsewhere): nothing to flush, and nothing refused.
    const plain = new Database(join(tmp.dir, 'plain.sqlite3'))
    try {
      plain.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      await expect(flushUnsynced(plain)).resolves.toBeUndefined()
    } finally {
      plain.close()
    }
    expect(db.prepare('SELECT text FROM notes').pluck().all()).toEqual(['chunk'])
  })
})
