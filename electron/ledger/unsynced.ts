import type { Ledger } from './open-ledger.ts'

/**
 * Runs a write whose commit need not wait for the disk (synchronous=NORMAL for it alone), then puts the
 * connection's level back before anything else can run on it. In WAL mode such a commit is atomic and
 * seen by every other connection at once; only a power cut or an operating-system crash can lose it, and
 * the next synced commit (every payout's own writes are) makes it durable with everything before it. For
 * what such a crash makes moot anyway: a lease (every process holding one died with the machine), an
 * import's chunk (removed again unless its batch is published by a synced commit). Inside a transaction
 * the transaction decides.
 */
export function unsynced<T>(db: Ledger, write: () => T): T {
  if (db.inTransaction) return write()
  // db.pragma(), never a cached statement: SQLite applies this pragma when the statement is compiled,
  // so a cached one prepared before its first use would leave the payouts' own commits unsynced.
  const level = db.pragma('synchronous', { simple: true }) as number
  if (level <= SYNC_NORMAL) return write()
  db.pragma('synchronous = NORMAL')
  try {
    return write()
  } finally {
    db.pragma(`synchronous = ${level}`)
  }
}

const SYNC_NORMAL = 1
