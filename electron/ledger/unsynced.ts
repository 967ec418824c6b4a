import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

/**
 * Runs a write whose commit need not wait for the disk (synchronous=NORMAL for it alone), then puts the
 * connection's level back before anything else can run on it. In WAL mode such a commit is atomic and
 * seen by every other connection at once; only a power cut can lose it, and the next synced commit
 * (every payout's own writes are) makes it durable with everything before it. For what a power cut makes
 * moot anyway: a lease (every process holding one died with the machine), an import's chunk (removed
 * again unless its batch is published by a synced commit). Inside a transaction the transaction decides.
 */
export function unsynced<T>(db: Ledger, write: () => T): T {
  if (db.inTransaction) return write()
  // Prepared once: a pragma call compiles its statement each time, which cost 5 % of a refresh's thread.
  const level = prepared(db, 'PRAGMA synchronous').pluck().get() as number
  if (level <= SYNC_NORMAL) return write()
  prepared(db, 'PRAGMA synchronous = NORMAL').run()
  try {
    return write()
  } finally {
    prepared(db, `PRAGMA synchronous = ${level}`).run()
  }
}

const SYNC_NORMAL = 1
