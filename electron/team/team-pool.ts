import pg from 'pg'
import { connectionRefusal } from './team-admin.ts'

/**
 * Work at the team ledger on a pool of its own, ended after: one request of the window (a review's
 * check, its write). The first query says plainly whether the server refused the login or cannot be
 * reached, before any work starts.
 */
export async function atTeamPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 })
  // An idle connection the server dropped is discarded by the pool; unheard, its error would end main.
  pool.on('error', () => undefined)
  try {
    await pool.query('SELECT 1').catch((error: unknown) => {
      throw connectionRefusal(error)
    })
    return await work(pool)
  } finally {
    await pool.end().catch(() => undefined)
  }
}
