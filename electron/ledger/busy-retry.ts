import { BUSY_TIMEOUT_MS, type Ledger } from './open-ledger.ts'

export const isLedgerBusy = (error: unknown): boolean => {
  const code = (error as { code?: string } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED'
}

/** How long one try may wait for another process's write lock before giving the thread back. */
const TRY_WAIT_MS = 50

/**
 * Writes something that must not be lost (a gateway's answer) without blocking the thread while another
 * process holds the ledger's write lock: each try waits at most TRY_WAIT_MS inside SQLite, then the retry
 * waits on a timer, so Electron's main thread keeps drawing and the answer is written as soon as the
 * lock is free. The write itself stays synchronous and transactional.
 */
export async function persist<T>(db: Ledger, write: () => T): Promise<T> {
  for (let tries = 1; ; tries++) {
    db.pragma(`busy_timeout = ${TRY_WAIT_MS}`)
    try {
      return write()
    } catch (error) {
      if (!isLedgerBusy(error)) throw error
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** Math.min(tries, 6), 1_000)))
  }
}
