import pg from 'pg'
import type { PostgresServer } from './postgres-server.ts'

/**
 * People's own sessions on a test team ledger, as `psql` would hold them, and the administrator's; and
 * the SQLSTATE a statement was refused with. `server` is read when a session opens (after beforeAll).
 */
export function teamSessions<P extends string>(
  server: () => PostgresServer | undefined,
  passwords: Readonly<Record<P, string>>,
) {
  const running = (): PostgresServer => {
    const s = server()
    if (!s) throw new Error('PostgreSQL is not running')
    return s
  }
  async function session(person: P) {
    const client = new pg.Client({ connectionString: running().urlFor(person, passwords[person]) })
    await client.connect()
    return client
  }
  async function within<T>(client: pg.Client, work: (c: pg.Client) => Promise<T>): Promise<T> {
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  return {
    session,
    as: async <T>(person: P, work: (c: pg.Client) => Promise<T>) => within(await session(person), work),
    admin: async <T>(work: (c: pg.Client) => Promise<T>) => {
      const client = new pg.Client({ connectionString: running().adminUrl })
      await client.connect()
      return within(client, work)
    },
    /** The URL of a person's login, for a spawned command. */
    urlFor: (person: P) => running().urlFor(person, passwords[person]),
  }
}

/** The SQLSTATE PostgreSQL refused with, or 'ok'. */
export const refusal = (run: Promise<unknown>): Promise<string> =>
  run.then(
    () => 'ok',
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  )

/**
 * An owner's approval at psql of payouts ($1) and their total ($2) acknowledging every concern the book
 * notes of them (team migration 18), as an owner who read `approval_concerns` first would.
 */
export const APPROVE_ACKNOWLEDGING = `SELECT payout_desk.approve($1::uuid[], $2,
  ARRAY(SELECT c.payout_id || ' ' || c.kind FROM payout_desk.approval_concerns($1::uuid[]) c)) AS approve`
