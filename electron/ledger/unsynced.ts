import { open } from 'node:fs/promises'
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

/**
 * Makes what unsynced commits wrote durable from the thread pool, so the next synced commit waits for
 * its own pages only. At the end of a 100,000-row import that commit otherwise waited 50 ms on the
 * window's thread for the whole file's log. Linux syncs the file, whichever descriptor asks. If the log
 * cannot be opened (checkpointed away, a read-only copy), the synced commit still waits for it all.
 */
export async function flushUnsynced(db: Ledger): Promise<void> {
  try {
    const log = await open(`${db.name}-wal`, 'r')
    try {
      await log.sync()
    } finally {
      await log.close()
    }
  } catch {
    // Nothing lost: the next synced commit syncs the log itself.
  }
}
