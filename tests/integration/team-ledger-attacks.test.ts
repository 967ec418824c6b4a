// Attacks on the team ledger (electron/team/team-schema.ts, team-admin.ts) by people connected directly,
// as with psql, on a real PostgreSQL server: each was found by an adversarial review, and each must hold.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = {
  siti: 'siti-owner-passphrase',
  rina: 'rina-owner-passphrase',
  budi: 'budi-bookkeeper-pw',
  eko: 'eko-bookkeeper-pw1',
}
beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'rina', role: 'owner', password: PASSWORD.rina })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  await addPerson(server.adminUrl, { name: 'eko', role: 'bookkeeper', password: PASSWORD.eko })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})
const { session, as, admin } = teamSessions(() => server, PASSWORD)
/** An owner's new profile in IDR with these limits and time zone. */
async function newProfile(limits: { perPayout?: number | null; perDay?: number | null; timeZone?: string }) {
  const id = randomUUID()
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor, per_day_minor, time_zone)
       VALUES ($1, $2, 'vexora', 'production', 'https://gateway.example', '42', 'IDR', $3, $4, $5)`,
      [
        id,
        `P ${id.slice(0, 8)}`,
        limits.perPayout ?? null,
        limits.perDay ?? null,
        limits.timeZone ?? 'Asia/Jakarta',
      ],
    ),
  )
  return id
}
/** Writes a payout as the connected person, as psql would; its id, status and created_at. */
async function write(c: pg.Client, profile: string, amount: number) {
  const id = randomUUID()
  const r = await c.query<{ status: string; created_at: Date }>(
    `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
     VALUES ($1, $2, $3, $4, 'IDR', '{}') RETURNING status, created_at`,
    [id, profile, `R${id.slice(0, 8)}`, amount],
  )
  return { id, status: r.rows[0]?.status ?? '', createdAt: r.rows[0]?.created_at }
}

// HIGH: the per-profile advisory lock serialises writers, but a desk whose transaction is REPEATABLE READ
// (or SERIALIZABLE) computes the day's total from the snapshot it took before the lock, and so never sees
// what the other desk committed meanwhile: both fit "under" the same day's limit.
describe('team ledger review: day limit under REPEATABLE READ', { timeout: 120_000 }, () => {
  it('two desks cannot both fit under the same day limit, whatever isolation level a desk picks', async () => {
    const profile = await newProfile({ perDay: 1_000_000 })
    const first = await session('budi')
    const second = await session('eko')
    try {
      await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
      await first.query('SELECT 1') // the snapshot is taken here, before the other desk writes
      expect((await write(second, profile, 800_000)).status).toBe('queued')
      // Held for approval, or refused outright: either keeps the day within its limit.
      const late = await write(first, profile, 800_000).catch((e: unknown) => ({
        status: (e as { code?: string }).code,
      }))
      await first.query('COMMIT').catch(() => first.query('ROLLBACK'))
      const queued = await admin((c) =>
        c.query<{ total: string }>(
          `SELECT COALESCE(SUM(amount_minor), 0) AS total FROM payout_desk.payouts
            WHERE profile_id = $1 AND status = 'queued'`,
          [profile],
        ),
      )
      // What goes out today without an owner's approval stays within the day's limit.
      expect(Number(queued.rows[0]?.total)).toBeLessThanOrEqual(1_000_000)
      expect(late.status).not.toBe('queued')
    } finally {
      await first.end()
      await second.end()
    }
  })

  it('a single bookkeeper with two connections cannot do it either (SERIALIZABLE + READ COMMITTED)', async () => {
    const profile = await newProfile({ perDay: 1_000_000 })
    const first = await session('budi')
    const second = await session('budi')
    try {
      await first.query('BEGIN ISOLATION LEVEL SERIALIZABLE')
      await first.query('SELECT 1')
      expect((await write(second, profile, 800_000)).status).toBe('queued')
      const late = await write(first, profile, 800_000).catch((e: unknown) => ({
        status: (e as { code?: string }).code,
      }))
      await first.query('COMMIT').catch(() => first.query('ROLLBACK'))
      // Either held for approval or refused (40001): never queued.
      expect(late.status).not.toBe('queued')
    } finally {
      await first.end()
      await second.end()
    }
  })
})

/**
 * A POSIX time zone whose local midnight falls `ahead` seconds from now (whole seconds), so that a day
 * boundary can be crossed inside a test. Any real zone (Asia/Jakarta) has the same boundary once a day.
 */
function zoneWithMidnightIn(ahead: number): { zone: string; midnightMs: number } {
  const midnightMs = (Math.ceil(Date.now() / 1000) + ahead) * 1000
  const s = Math.floor(midnightMs / 1000) % 86_400 // seconds since UTC midnight at the wanted local midnight
  const hms = (n: number) =>
    [Math.floor(n / 3600), Math.floor((n % 3600) / 60), n % 60]
      .map((v) => String(v).padStart(2, '0'))
      .join(':')
  // POSIX: '<X>+hh:mm:ss' is hh:mm:ss behind UTC; '<X>-hh:mm:ss' ahead of it.
  const zone = s < 43_200 ? `<X>+${hms(s)}` : `<X>-${hms(86_400 - s)}`
  return { zone, midnightMs }
}

// MEDIUM: created_at and the day the limit is counted against come from now(), the transaction's start.
// A bookkeeper who opened a transaction yesterday writes today's payouts against yesterday's total.
describe('team ledger review: the day of a payout is the day it is written', { timeout: 120_000 }, () => {
  it("a transaction opened before midnight cannot spend yesterday's unused limit after midnight", async () => {
    const { zone, midnightMs } = zoneWithMidnightIn(4)
    const profile = await newProfile({ perDay: 1_000_000, timeZone: zone })
    const old = await session('budi')
    const fresh = await session('eko')
    try {
      await old.query('BEGIN') // yesterday evening, idle in transaction
      await old.query('SELECT now()')
      while (Date.now() < midnightMs + 1000) await new Promise((r) => setTimeout(r, 200))
      // After midnight: both payouts are written today.
      const a = await write(old, profile, 900_000)
      await old.query('COMMIT')
      const b = await write(fresh, profile, 900_000)
      // Today's writes cannot both go out unapproved: 1 800 000 > 1 000 000...
      expect([a.status, b.status].sort()).toEqual(['awaiting_approval', 'queued'])
      // ...and the payout's created_at is when it was written, not when the transaction began.
      expect(a.createdAt?.getTime()).toBeGreaterThanOrEqual(midnightMs)
    } finally {
      await old.end()
      await fresh.end()
    }
  })
})

// LOW: AT TIME ZONE looks a zone name up in the session's timezone_abbreviations first, and any login may
// SET timezone_abbreviations ('Default', 'Australia', 'India'). For a profile whose time_zone is such an
// abbreviation (CST: US -06:00 or Australian +09:30), the bookkeeper picks where the day starts.
describe("team ledger review: the profile's time zone means one thing", { timeout: 120_000 }, () => {
  it("a payout's status does not depend on the writer's timezone_abbreviations", async () => {
    const profile = await newProfile({ perDay: 1_000_000, timeZone: 'CST' })
    // A payout written earlier today under one reading of CST, before the other reading's midnight
    // (a fixture row with a past created_at: the administrator writes it past the triggers).
    await admin(async (c) => {
      await c.query('BEGIN')
      await c.query('SET LOCAL session_replication_role = replica')
      await c.query("SET LOCAL timezone_abbreviations = 'Default'")
      const us = (
        await c.query<{ d: Date }>(
          "SELECT date_trunc('day', now() AT TIME ZONE 'CST') AT TIME ZONE 'CST' AS d",
        )
      ).rows[0]?.d
      await c.query("SET LOCAL timezone_abbreviations = 'Australia'")
      const au = (
        await c.query<{ d: Date }>(
          "SELECT date_trunc('day', now() AT TIME ZONE 'CST') AT TIME ZONE 'CST' AS d",
        )
      ).rows[0]?.d
      if (!us || !au) throw new Error('no day starts')
      const later = us > au ? us : au
      await c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, status,
           prepared_by, created_at)
         VALUES ($1, $2, 'EARLIER', 800000, 'IDR', '{}', 'queued', 'budi', $3::timestamptz - interval '1 minute')`,
        [randomUUID(), profile, later],
      )
      await c.query('COMMIT')
    })
    const statusUnder = (abbreviations: string) =>
      as('budi', async (c) => {
        await c.query('BEGIN')
        await c.query(`SET LOCAL timezone_abbreviations = '${abbreviations}'`)
        const { status } = await write(c, profile, 800_000)
        await c.query('ROLLBACK')
        return status
      })
    const statuses = { Default: await statusUnder('Default'), Australia: await statusUnder('Australia') }
    // The same payout, the same book, the same moment: the writer's session settings cannot change the day.
    expect(statuses.Australia).toBe(statuses.Default)
  })
})

// LOW: approve(ids, NULL) skips the total check: `total <> NULL` is NULL, and IF NULL is not taken.
describe('team ledger review: approve with a NULL total', { timeout: 120_000 }, () => {
  it('refuses an approval that names no total', async () => {
    const profile = await newProfile({ perPayout: 1_000_000 })
    const big = await as('budi', (c) => write(c, profile, 5_000_000))
    expect(big.status).toBe('awaiting_approval')
    expect(
      await as('siti', (c) => refusal(c.query('SELECT payout_desk.approve($1::uuid[], NULL)', [[big.id]]))),
    ).toBe('PD001')
  })
})

// LOW: the append-only trigger is BEFORE UPDATE OR DELETE, FOR EACH ROW: TRUNCATE fires no row trigger.
// The docs say "nor the administrator, short of dropping its trigger".
describe('team ledger review: TRUNCATE of the audit log', { timeout: 120_000 }, () => {
  it('the administrator cannot TRUNCATE the audit log (nor payouts with CASCADE)', async () => {
    const profile = await newProfile({})
    await as('budi', (c) => write(c, profile, 1_000))
    expect(await admin((c) => refusal(c.query('TRUNCATE payout_desk.payout_events')))).toBe('42501')
    const left = await admin((c) =>
      c.query<{ n: string }>('SELECT count(*) AS n FROM payout_desk.payout_events'),
    )
    expect(Number(left.rows[0]?.n)).toBeGreaterThan(0)
  })
})

// LOW (availability): the per-profile lock key is public (hashtextextended(profile id, 0)) and
// pg_advisory_lock is executable by PUBLIC: a bookkeeper holding it at session level stops every desk,
// owners included, from writing payouts for that profile, with nothing in the book saying why.
describe('team ledger review: the per-profile advisory lock', { timeout: 120_000 }, () => {
  it("a bookkeeper cannot stop the owner's desk by holding the profile's lock", async () => {
    const profile = await newProfile({})
    const squatter = await session('budi')
    try {
      await squatter.query('SELECT pg_advisory_lock(hashtextextended($1::text, 0))', [profile])
      const result = await as('siti', async (c) => {
        await c.query("SET statement_timeout = '3s'")
        return refusal(write(c, profile, 1_000))
      })
      expect(result).toBe('ok')
    } finally {
      await squatter.end()
    }
  })
})

// LOW: init GRANTs CONNECT to the two groups, but PUBLIC keeps its default CONNECT and TEMPORARY on the
// database, so the grant restricts nothing: any login of the server connects, makes temp tables, and reads
// the catalogs (the team's people, the functions' source).
describe('team ledger review: who may connect to the team database', { timeout: 120_000 }, () => {
  it('a login of the server that is in neither group cannot connect', async () => {
    await admin((c) => c.query("CREATE ROLE outsider LOGIN PASSWORD 'outsider-password'"))
    const outsider = new pg.Client({ connectionString: server?.urlFor('outsider', 'outsider-password') })
    const connected = await refusal(
      outsider
        .connect()
        .then(() => outsider.query('CREATE TEMP TABLE squat AS SELECT rolname FROM pg_roles')),
    )
    await outsider.end().catch(() => undefined)
    expect(connected).toBe('42501')
  })
})

// What was tried and HELD (this file passes): each line is an attempt the rules refuse.
describe('team ledger review: attempts that held', { timeout: 120_000 }, () => {
  it('role tricks, catalog reads, DDL, sequences, trigger functions, COPY, TRUNCATE, ON CONFLICT/MERGE updates', async () => {
    const profile = await newProfile({ perPayout: 1_000_000, perDay: 1_000_000 })
    const mine = await as('budi', (c) => write(c, profile, 2_000_000))
    expect(mine.status).toBe('awaiting_approval')
    await as('budi', async (c) => {
      const tries: Record<string, string> = {}
      const t = async (name: string, sql: string, values: unknown[] = []) =>
        (tries[name] = await refusal(c.query(sql, values)))
      await t('set role owner', 'SET ROLE payout_desk_owner')
      await t('set role siti', 'SET ROLE siti')
      await t('set session authorization', 'SET SESSION AUTHORIZATION siti')
      await t('session_replication_role', 'SET session_replication_role = replica')
      await t('grant owner to self', 'GRANT payout_desk_owner TO budi')
      await t('grant self to eko', 'GRANT budi TO eko')
      await t('create role', "CREATE ROLE mallory LOGIN PASSWORD 'mallory-password'")
      await t('alter own role', 'ALTER ROLE budi CREATEROLE')
      await t('owner group login', "ALTER ROLE payout_desk_owner LOGIN PASSWORD 'x-password-123'")
      await t('rename self', 'ALTER ROLE budi RENAME TO siti2')
      await t('pg_authid', 'SELECT rolpassword FROM pg_authid')
      await t('create in public', 'CREATE TABLE public.x (a int)')
      await t('create schema', 'CREATE SCHEMA evil')
      await t('inherit payouts', 'CREATE TEMP TABLE t2 () INHERITS (payout_desk.payouts)')
      await t('setval', "SELECT setval('payout_desk.payout_events_seq_seq', 1)")
      await t('nextval', "SELECT nextval('payout_desk.payout_events_seq_seq')")
      await t('call trigger fn', 'SELECT payout_desk.payout_written()')
      await t('call append_only', 'SELECT payout_desk.append_only()')
      await t('disable trigger', 'ALTER TABLE payout_desk.payouts DISABLE TRIGGER ALL')
      await t('drop trigger', 'DROP TRIGGER payout_written ON payout_desk.payouts')
      await t('truncate events', 'TRUNCATE payout_desk.payout_events')
      await t(
        'insert event',
        "INSERT INTO payout_desk.payout_events (payout_id, kind) VALUES ($1, 'approved')",
        [mine.id],
      )
      await t('copy to file', "COPY payout_desk.payouts TO '/tmp/x'")
      await t(
        'update via on conflict',
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         SELECT gen_random_uuid(), profile_id, reference, 1, 'IDR', '{}' FROM payout_desk.payouts WHERE id = $1
         ON CONFLICT (profile_id, reference) DO UPDATE SET status = 'queued'`,
        [mine.id],
      )
      await t(
        'update via merge',
        `MERGE INTO payout_desk.payouts p USING (SELECT $1::uuid AS id) s ON p.id = s.id
         WHEN MATCHED THEN UPDATE SET status = 'queued'`,
        [mine.id],
      )
      await t('select for update', 'SELECT 1 FROM payout_desk.payouts FOR KEY SHARE')
      await t('approve', 'SELECT payout_desk.approve($1::uuid[], 2000000)', [[mine.id]])
      await t(
        'wrong currency',
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES (gen_random_uuid(), $1, 'USD1', 1, 'USD', '{}')`,
        [profile],
      )
      expect(tries).toEqual({
        'set role owner': '42501',
        'set role siti': '42501',
        'set session authorization': '42501',
        session_replication_role: '42501',
        'grant owner to self': '42501',
        'grant self to eko': '42501',
        'create role': '42501',
        'alter own role': '42501',
        'owner group login': '42501',
        'rename self': '0A000',
        pg_authid: '42501',
        'create in public': '42501',
        'create schema': '42501',
        'inherit payouts': '42501',
        setval: '42501',
        nextval: '42501',
        'call trigger fn': '42501',
        'call append_only': '42501',
        'disable trigger': '42501',
        'drop trigger': '42501',
        'truncate events': '42501',
        'insert event': '42501',
        'copy to file': '42501',
        'update via on conflict': '42501',
        'update via merge': '42501',
        'select for update': '42501',
        approve: '42501',
        'wrong currency': '23514',
      })
      // Password hashes are masked in pg_roles.
      const masked = await c.query<{ p: string }>(
        "SELECT rolpassword AS p FROM pg_roles WHERE rolname = 'siti'",
      )
      expect(masked.rows[0]?.p).toBe('********')
    })
  })

  it('pg_temp shadowing and search_path games do not reach the SECURITY DEFINER trigger', async () => {
    const profile = await newProfile({ perPayout: 1_000_000, perDay: 1_000_000 })
    const p = await as('budi', async (c) => {
      await c.query('CREATE TEMP TABLE profiles AS SELECT * FROM payout_desk.profiles')
      await c.query('UPDATE profiles SET per_payout_minor = NULL, per_day_minor = NULL')
      await c.query('CREATE TEMP TABLE payouts (LIKE payout_desk.payouts)')
      await c.query(
        "CREATE FUNCTION pg_temp.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT '2000-01-01'::timestamptz $$",
      )
      await c.query(
        'CREATE FUNCTION pg_temp.pg_advisory_xact_lock(bigint) RETURNS void LANGUAGE sql AS $$ SELECT $$',
      )
      await c.query('SET search_path = pg_temp, public, pg_catalog')
      await c.query("SET TimeZone = 'Pacific/Kiritimati'")
      return write(c, profile, 5_000_000)
    })
    expect(p.status).toBe('awaiting_approval')
    expect(Math.abs((p.createdAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000)
  })

  it('many rows in one statement, or in two CTE inserts, are counted against the day together', async () => {
    const profile = await newProfile({ perDay: 1_000_000 })
    const statuses = await as('budi', async (c) => {
      const r = await c.query<{ status: string }>(
        `WITH a AS (INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
                    VALUES (gen_random_uuid(), $1, 'CTE-A', 800000, 'IDR', '{}') RETURNING status),
              b AS (INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
                    VALUES (gen_random_uuid(), $1, 'CTE-B', 800000, 'IDR', '{}') RETURNING status)
         SELECT status FROM a UNION ALL SELECT status FROM b`,
        [profile],
      )
      return r.rows.map((x) => x.status).sort()
    })
    expect(statuses).toEqual(['awaiting_approval', 'queued'])
  })

  it('approve refuses empty, NULL, NULL-only arrays, another status, and her own; duplicates count once', async () => {
    const profile = await newProfile({ perPayout: 1_000_000 })
    const big = await as('budi', (c) => write(c, profile, 3_000_000))
    const small = await as('budi', (c) => write(c, profile, 10_000))
    const own = await as('siti', (c) => write(c, profile, 4_000_000))
    await as('siti', async (c) => {
      const approve = (ids: unknown, total: number) =>
        refusal(c.query('SELECT payout_desk.approve($1::uuid[], $2)', [ids, total]))
      expect(await approve([], 0)).toBe('PD001')
      expect(await approve(null, 0)).toBe('PD001')
      expect(await approve([null], 0)).toBe('PD001')
      expect(await approve([big.id, small.id], 3_010_000)).toBe('PD001')
      expect(await approve([own.id], 4_000_000)).toBe('42501')
      expect(await approve([big.id, own.id], 7_000_000)).toBe('42501')
      expect(await approve([big.id, big.id], 6_000_000)).toBe('PD001')
      expect(await approve([big.id, big.id], 3_000_000)).toBe('ok')
    })
  })
})

// An owner may change her profile's limits alone (a team of one owner must be able to), write her own
// payout under the lifted limits, and put them back; not unseen: every change is kept with its person and
// what the profile was before, in a log nobody can edit.
describe('team ledger review: an owner alone and her own payout', { timeout: 120_000 }, () => {
  it('keeps every change of the limits, with who made it and what they were before', async () => {
    const profile = await newProfile({ perPayout: 1_000_000, perDay: 1_500_000 })
    await as('siti', async (c) => {
      await c.query(
        'UPDATE payout_desk.profiles SET per_payout_minor = NULL, per_day_minor = NULL WHERE id = $1',
        [profile],
      )
      expect((await write(c, profile, 50_000_000)).status).toBe('queued')
      await c.query(
        'UPDATE payout_desk.profiles SET per_payout_minor = 1000000, per_day_minor = 1500000 WHERE id = $1',
        [profile],
      )
    })
    const log = await as('budi', (c) =>
      c.query<{ person: string; before: string | null; after: string }>(
        `SELECT person, old->>'per_day_minor' AS before, new->>'per_day_minor' AS after
           FROM payout_desk.profile_events WHERE profile_id = $1 ORDER BY seq`,
        [profile],
      ),
    )
    expect(log.rows).toEqual([
      { person: 'siti', before: null, after: '1500000' },
      { person: 'siti', before: '1500000', after: null },
      { person: 'siti', before: null, after: '1500000' },
    ])
    expect(await as('siti', (c) => refusal(c.query('DELETE FROM payout_desk.profile_events')))).toBe('42501')
    expect(await admin((c) => refusal(c.query('TRUNCATE payout_desk.profile_events')))).toBe('42501')
  })
})
