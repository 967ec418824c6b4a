import type pg from 'pg'
import { AppError } from '../errors.ts'
import { connected } from './team-admin.ts'

/**
 * Refuses the payouts an owner was shown by id, with the total she was shown (team migration 19): they
 * are cancelled and never paid. PostgreSQL refuses all of it if any is no longer waiting or the total
 * differs (another owner approved or refused some meanwhile), and refuses a bookkeeper.
 */
export function refuseIds(url: string, ids: readonly string[], total: number): Promise<number> {
  return connected(url, async (client: pg.Client) => {
    try {
      const done = await client.query<{ n: number }>('SELECT payout_desk.refuse($1::uuid[], $2) AS n', [
        ids,
        total,
      ])
      return done.rows[0]?.n ?? 0
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'PD001') throw new AppError('CONFLICT', { key: 'teamRefusalChanged' }, { cause: error })
      if (code === '42501') throw new AppError('FORBIDDEN', { key: 'teamRefusalRefused' }, { cause: error })
      // A book before team migration 19 has no refusal: its administrator brings it up to date.
      if (code === '42883') throw new AppError('CONFLICT', { key: 'teamLedgerOlder' }, { cause: error })
      throw error
    }
  })
}
