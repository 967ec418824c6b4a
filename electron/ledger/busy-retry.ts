// A turn ends at the loop's next timers: an immediate would resume the writes in the same turn's check
// phase, before timers and before Electron's own message loop runs again (measured: twice the budget).
import { setTimeout as nextTurn } from 'node:timers/promises'
import { BUSY_TIMEOUT_MS, type Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

export const isLedgerBusy = (error: unknown): boolean => {
  const code = (error as { code?: string } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED'
}

/** How long one try may wait for another process's write lock before giving the thread back. */
const TRY_WAIT_MS = 50

/** How long writes may run back to back in one turn of the event loop before the loop is let turn. */
const TURN_BUDGET_MS = 15

// When this turn of the event loop began writing (null: no write yet in this turn). Many answers that
// arrive together resume their flows as microtasks, so without a yield their durable commits (each
// waiting for the disk) would run one after another and hold the window's thread for all of them.
let turnStarted: number | null = null

/** Whether this turn has written for its budget already (checked right before each write). */
function turnIsSpent(): boolean {
  const now = performance.now()
  if (turnStarted === null) {
    turnStarted = now
    setTimeout(() => (turnStarted = null), 0)
    return false
  }
  return now - turnStarted >= TURN_BUDGET_MS
}

/**
 * Writes something that must not be lost (a gateway's answer) without blocking the thread while another
 * process holds the ledger's write lock: each try waits at most TRY_WAIT_MS inside SQLite, then the retry
 * waits on a timer, so Electron's main thread keeps drawing and the answer is written as soon as the
 * lock is free. The write itself stays synchronous and transactional. Writes that pile up in one turn of
 * the event loop (an answer for each of many payouts at once) give the loop a turn every TURN_BUDGET_MS.
 */
export async function persist<T>(db: Ledger, write: () => T): Promise<T> {
  while (turnIsSpent()) await nextTurn()
  for (let tries = 1; ; tries++) {
    // Cached statements (a tenth of db.pragma()'s cost, which was 5 % of a refresh's thread). SQLite applies
    // this pragma when it compiles the statement, which it does again at each run of a cached one.
    prepared(db, `PRAGMA busy_timeout = ${TRY_WAIT_MS}`).get()
    try {
      return write()
    } catch (error) {
      if (!isLedgerBusy(error)) throw error
    } finally {
      prepared(db, `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`).get()
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** Math.min(tries, 6), 1_000)))
  }
}
