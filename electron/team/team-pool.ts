import pg from 'pg'
import { AppError } from '../errors.ts'
import { connectionRefusal } from './team-admin.ts'

/**
 * Work at the team ledger on a pool of its own, ended after: one request of the window (a review's
 * check, its write). The first query says plainly whether the server refused the login or cannot be
 * reached, before any work starts.
 */
export async function atTeamPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  // A row another session holds, or a server that stops answering, ends the request in a while with
  // "busy" instead of leaving the window's review waiting for ever (its write rolls back).
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 10_000,
    lock_timeout: 15_000,
    statement_timeout: 120_000,
    query_timeout: 130_000,
  })
  // An idle connection the server dropped is discarded by the pool; unheard, its error would end main.
  pool.on('error', () => undefined)
  try {
    await pool.query('SELECT 1').catch((error: unknown) => {
      throw connectionRefusal(error)
    })
    return await work(pool)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '55P03' || code === '57014' || /Query read timeout/.test(String(error)))
      throw new AppError('CONFLICT', { key: 'teamLedgerBusy' }, { cause: error })
    throw error
  } finally {
    await pool.end().catch(() => undefined)
  }
}
