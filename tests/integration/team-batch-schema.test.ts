// Team migration 4 (electron/team/team-batch-schema.ts) on a real PostgreSQL server: batches and who
// may add to them, what a payout's 'created' event keeps, and the day's total carried within a transaction.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, session } = teamSessions(() => server, PASSWORD)
const older = randomUUID()
const SHA = 'a'.repeat(64)

const newProfile = (perDay: number | null = null) =>
  as('siti', async (c) => {
    const id = randomUUID()
    await c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency, per_day_minor)
       VALUES ($1, $2, 'vexora', 'sandbox', 'http://127.0.0.1:9', 'M1', 'IDR', $3)`,
      [id, `P ${id.slice(0, 8)}`, perDay],
    )
    return id
  })

const batch = (c: pg.Client, profile: string) => {
  const id = randomUUID()
  return c
    .query(
      'INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, $3, $4)',
      [id, profile, 'payroll.csv', SHA],
    )
    .then(() => id)
}

const pay = (
  c: pg.Client,
  profile: string,
  amount: number,
  batchId: string | null = null,
  accepted: unknown = null,
) =>
  c
    .query<{ status: string }>(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, batch_id, accepted)
       VALUES ($1, $2, $3, $4, 'IDR', '{}', $5, $6) RETURNING status`,
      [
        randomUUID(),
        profile,
        `R-${randomUUID().slice(0, 8)}`,
        amount,
        batchId,
        accepted === null ? null : JSON.stringify(accepted),
      ],
    )
    .then((r) => r.rows[0]?.status)

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 3))).toEqual({ from: 0, to: 3 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  const profile = await newProfile()
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, 'OLD-1', 1000, 'IDR', '{}')`,
      [older, profile],
    ),
  )
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 4))).toEqual({ from: 3, to: 4 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 4: batches', { timeout: 60_000 }, () => {
  it('leaves an older book’s payouts in no batch', async () => {
    const row = await admin((c) =>
      c
        .query<{ batch_id: string | null; accepted: unknown }>(
          'SELECT batch_id, accepted FROM payout_desk.payouts WHERE id = $1',
          [older],
        )
        .then((r) => r.rows[0]),
    )
    expect(row).toEqual({ batch_id: null, accepted: null })
  })

  it('writes a batch as its own login’s, and keeps batch and acceptances in the payout’s created event', async () => {
    const profile = await newProfile()
    const [b, created] = await as('budi', async (c) => {
      const b = await batch(c, profile)
      expect(await pay(c, profile, 5000, b, [{ code: 'sent_recently', message: 'the same amount…' }])).toBe(
        'queued',
      )
      const created = await c.query<{ person: string; detail: unknown }>(
        `SELECT e.person, e.detail FROM payout_desk.payout_events e JOIN payout_desk.payouts p ON p.id = e.payout_id
          WHERE p.batch_id = $1 AND e.kind = 'created'`,
        [b],
      )
      return [b, created.rows]
    })
    expect(created).toEqual([
      {
        person: 'budi',
        detail: {
          status: 'queued',
          batch: b,
          accepted: [{ code: 'sent_recently', message: 'the same amount…' }],
        },
      },
    ])
    const written = await admin((c) =>
      c
        .query<{ created_by: string }>('SELECT created_by FROM payout_desk.batches WHERE id = $1', [b])
        .then((r) => r.rows[0]),
    )
    expect(written).toEqual({ created_by: 'budi' })
    // Nobody writes a batch as somebody else.
    expect(
      await as('budi', (c) =>
        refusal(
          c.query(
            `INSERT INTO payout_desk.batches (id, profile_id, file_sha256, created_by) VALUES ($1, $2, $3, 'siti')`,
            [randomUUID(), profile, SHA],
          ),
        ),
      ),
    ).toBe('42501')
  })

  it('adds a payout only to a batch of its own profile written by the same login', async () => {
    const [one, two] = [await newProfile(), await newProfile()]
    const budis = await as('budi', (c) => batch(c, one))
    expect(await as('siti', (c) => refusal(pay(c, one, 5000, budis)))).toBe('42501')
    expect(await as('budi', (c) => refusal(pay(c, two, 5000, budis)))).toBe('42501')
    expect(await as('budi', (c) => pay(c, one, 5000, budis))).toBe('queued')
  })

  it('keeps batches append-only and the carried day totals out of everybody’s reach', async () => {
    const profile = await newProfile()
    const b = await as('budi', (c) => batch(c, profile))
    expect(await as('budi', (c) => refusal(c.query("UPDATE payout_desk.batches SET file_name = 'x'")))).toBe(
      '42501',
    )
    expect(await as('siti', (c) => refusal(c.query('DELETE FROM payout_desk.batches')))).toBe('42501')
    expect(await admin((c) => refusal(c.query('DELETE FROM payout_desk.batches WHERE id = $1', [b])))).toBe(
      '42501',
    )
    for (const person of ['budi', 'siti'] as const) {
      expect(await as(person, (c) => refusal(c.query('SELECT * FROM payout_desk.day_totals')))).toBe('42501')
      expect(
        await as(person, (c) =>
          refusal(
            c.query(
              'INSERT INTO payout_desk.day_totals VALUES (pg_current_xact_id(), $1, 1, now(), now(), -100000000)',
              [profile],
            ),
          ),
        ),
      ).toBe('42501')
    }
  })

  it('judges each payout of one statement against the day’s total with the ones before it', async () => {
    const profile = await newProfile(1_000_000)
    expect(await as('budi', (c) => pay(c, profile, 600_000))).toBe('queued')
    const statuses = await as('budi', (c) =>
      c
        .query<{ status: string }>(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
           SELECT gen_random_uuid(), $1, 'D-' || n, 200000, 'IDR', '{}' FROM generate_series(1, 3) AS n
           RETURNING status`,
          [profile],
        )
        .then((r) => r.rows.map((x) => x.status)),
    )
    expect(statuses).toEqual(['queued', 'queued', 'awaiting_approval'])
    expect(await as('budi', (c) => pay(c, profile, 1))).toBe('awaiting_approval')
  })

  it('forgets what a rolled-back savepoint wrote', async () => {
    const profile = await newProfile(1_000_000)
    const status = await as('budi', async (c) => {
      await c.query('BEGIN')
      await c.query('SAVEPOINT first')
      expect(await pay(c, profile, 800_000)).toBe('queued')
      await c.query('ROLLBACK TO SAVEPOINT first')
      const second = await pay(c, profile, 800_000)
      await c.query('COMMIT')
      return second
    })
    expect(status).toBe('queued')
  })

  it('keeps a long write on one profile from holding the first payout of another', async () => {
    const [one, two] = [await newProfile(1_000_000_000), await newProfile(1_000_000_000)]
    // Each profile's day carried by a transaction that ended.
    for (const profile of [one, two]) expect(await as('budi', (c) => pay(c, profile, 1_000))).toBe('queued')
    const long = await session('budi')
    try {
      await long.query('BEGIN')
      expect(await pay(long, one, 1_000)).toBe('queued')
      // Profile two's first payout meanwhile, by another desk: written, not waiting for the long one.
      const other = await as('siti', async (c) => {
        await c.query("SET statement_timeout = '5s'")
        return refusal(pay(c, two, 1_000))
      })
      expect(other).toBe('ok')
      await long.query('COMMIT')
    } finally {
      await long.end()
    }
  })
})
