// Team migration 12 (electron/team/team-link-schema.ts) on a real PostgreSQL server: a payout's profile
// and batch, and an event's payout, are checked once a statement instead of by foreign keys; what the
// keys' locks held is held by refusals: no payout or profile goes away or changes its id.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { addBareProfile, writePayoutSet } from '../support/team-fixtures.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)

let n = 0
const write = (c: pg.ClientBase, profile: string, batch: string | null, count: number) =>
  writePayoutSet(
    c,
    profile,
    batch,
    Array.from({ length: count }, () => ({ name: `Payee ${++n}`, account: `00${9_100 + n}` })),
  )
const addBatch = (c: pg.ClientBase, profile: string) => {
  const id = randomUUID()
  return c
    .query(
      `INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, 'f.csv', $3)`,
      [id, profile, 'ab'.repeat(32)],
    )
    .then(() => id)
}
const writeBatch = (profile: string, count: number) =>
  as('budi', async (c) => {
    await c.query('BEGIN')
    const batch = await addBatch(c, profile)
    await write(c, profile, batch, count)
    await c.query('COMMIT')
    return batch
  })
const payoutOf = (profile: string) =>
  admin((c) =>
    c
      .query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE profile_id = $1 LIMIT 1', [profile])
      .then((r) => r.rows[0]?.id ?? expect.unreachable('a payout')),
  )

let before = ''
let beforeBatch = ''

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 11))).toEqual({ from: 0, to: 11 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  before = await as('siti', addBareProfile)
  beforeBatch = await writeBatch(before, 3)
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 12))).toEqual({ from: 11, to: 12 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 12: links checked once a statement', { timeout: 60_000 }, () => {
  it('keeps what was written before, and writes files, single payouts and their events as before', async () => {
    const profile = await as('siti', addBareProfile)
    const batch = await writeBatch(profile, 2_500)
    await as('budi', (c) => write(c, profile, null, 1))
    const counts = await admin((c) =>
      c
        .query<{ profile: string; batch: string | null; payouts: number; events: number }>(
          `SELECT p.profile_id AS profile, p.batch_id AS batch, count(DISTINCT p.id)::int AS payouts,
                  count(e.seq)::int AS events
             FROM payout_desk.payouts p JOIN payout_desk.payout_events e ON e.payout_id = p.id
            GROUP BY 1, 2 ORDER BY 3`,
        )
        .then((r) => r.rows),
    )
    expect(counts).toEqual([
      { profile, batch: null, payouts: 1, events: 1 },
      { profile: before, batch: beforeBatch, payouts: 3, events: 3 },
      { profile, batch, payouts: 2_500, events: 2_500 },
    ])
  })

  it('refuses a payout whose profile or batch the book does not have, and an event of no payout, as a foreign key did', async () => {
    const profile = await as('siti', addBareProfile)
    const payout = await payoutOf(before)
    const insertPayout = (profileId: string, batch: string | null) =>
      admin((c) =>
        refusal(
          c.query(
            `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id, account)
             VALUES ($1, $2, 'LINK-1', 10000, 'IDR', '{}', $3, '{}')`,
            [randomUUID(), profileId, batch],
          ),
        ),
      )
    expect(await insertPayout(randomUUID(), null)).toBe('23503')
    expect(await insertPayout(profile, randomUUID())).toBe('23503')
    // One good row and one bad in one statement: the statement is refused whole.
    expect(
      await admin((c) =>
        refusal(
          c.query(
            `INSERT INTO payout_desk.payout_events (payout_id, kind, person) VALUES ($1, 'note', 'x'), ($2, 'note', 'x')`,
            [payout, randomUUID()],
          ),
        ),
      ),
    ).toBe('23503')
    // A bookkeeper writing by hand is refused too, before or by the check.
    expect(
      await as('budi', (c) =>
        refusal(
          c.query(
            `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
             VALUES ($1, $2, 'LINK-2', 10000, 'IDR', '{}')`,
            [randomUUID(), randomUUID()],
          ),
        ),
      ),
    ).not.toBe('ok')
    const written = await admin((c) =>
      c
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM payout_desk.payouts WHERE reference LIKE 'LINK-%'`,
        )
        .then((r) => r.rows[0]?.n),
    )
    expect(written).toBe(0)
  })

  it('never lets a payout or a profile go, nor change its id, nor a payout its profile or batch, even for the administrator', async () => {
    const empty = await as('siti', addBareProfile)
    const payout = await payoutOf(before)
    const tried = await admin(async (c) => ({
      deletePayout: await refusal(c.query('DELETE FROM payout_desk.payouts WHERE id = $1', [payout])),
      movePayout: await refusal(
        c.query('UPDATE payout_desk.payouts SET id = $2 WHERE id = $1', [payout, randomUUID()]),
      ),
      truncatePayouts: await refusal(c.query('TRUNCATE payout_desk.payouts CASCADE')),
      // A profile nothing names yet: no other key would refuse its going.
      deleteProfile: await refusal(c.query('DELETE FROM payout_desk.profiles WHERE id = $1', [empty])),
      moveProfile: await refusal(
        c.query('UPDATE payout_desk.profiles SET id = $2 WHERE id = $1', [empty, randomUUID()]),
      ),
      truncateProfiles: await refusal(c.query('TRUNCATE payout_desk.profiles CASCADE')),
      // Moved to another profile or batch, even one the book has (review 62, F1).
      moveToProfile: await refusal(
        c.query('UPDATE payout_desk.payouts SET profile_id = $2 WHERE id = $1', [payout, empty]),
      ),
      moveToNoProfile: await refusal(
        c.query('UPDATE payout_desk.payouts SET profile_id = $2 WHERE id = $1', [payout, randomUUID()]),
      ),
      moveToNoBatch: await refusal(
        c.query('UPDATE payout_desk.payouts SET batch_id = $2 WHERE id = $1', [payout, randomUUID()]),
      ),
    }))
    expect(tried).toEqual({
      deletePayout: '42501',
      movePayout: '42501',
      truncatePayouts: '42501',
      deleteProfile: '42501',
      moveProfile: '42501',
      truncateProfiles: '42501',
      moveToProfile: '42501',
      moveToNoProfile: '42501',
      moveToNoBatch: '42501',
    })
    // An owner still changes what a profile may change.
    await as('siti', (c) =>
      c.query('UPDATE payout_desk.profiles SET per_day_minor = 5000000 WHERE id = $1', [empty]),
    )
  })

  it('checks one event by index probes after a session checked a whole file, on a book of many payouts', async () => {
    const profile = await as('siti', addBareProfile)
    await writeBatch(profile, 2_000)
    const payout = await payoutOf(profile)
    const plans = await admin(async (c) => {
      const seen: string[] = []
      c.on('notice', (m) => seen.push(m.message ?? ''))
      await c.query(`LOAD 'auto_explain'`)
      await c.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
                     SET auto_explain.log_level = notice; SET client_min_messages = notice`)
      await c.query('BEGIN')
      // The session's first check sees a whole file's events, its next one a single event.
      await c.query(
        `INSERT INTO payout_desk.payout_events (payout_id, kind, person)
         SELECT id, 'note', 'x' FROM payout_desk.payouts`,
      )
      seen.length = 0
      await c.query(
        `INSERT INTO payout_desk.payout_events (payout_id, kind, person) VALUES ($1, 'note', 'x')`,
        [payout],
      )
      await c.query('ROLLBACK')
      return seen.filter((s) => s.includes('FROM logged e'))
    })
    expect(plans).toHaveLength(1)
    expect(plans[0]).toMatch(/Index (Only )?Scan using payouts_pkey/)
    expect(plans[0]).not.toMatch(/Seq Scan on payouts|Hash/)
  })
})
