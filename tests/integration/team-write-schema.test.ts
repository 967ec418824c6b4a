// Team migration 9 (electron/team/team-write-schema.ts) on a real PostgreSQL server: write_payouts judges
// a file's rows together exactly as payout_written judges them one by one — the limits and the day's total
// carried within a transaction, the person, the account, the order — and refuses what the trigger refuses;
// a person's own INSERT is still judged row by row.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { teamProfiles } from '../../electron/team/team-profiles.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const SHA = 'b'.repeat(64)
let before = ''

const newProfile = (limits: { perPayout?: number; perDay?: number } = {}) =>
  as('siti', async (c) => {
    const id = randomUUID()
    await c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor, per_day_minor)
       VALUES ($1, $2, 'vexora', 'sandbox', 'http://127.0.0.1:9', $3, 'IDR', $4, $5)`,
      [id, `W ${id.slice(0, 8)}`, `M-${id.slice(0, 8)}`, limits.perPayout ?? null, limits.perDay ?? null],
    )
    return id
  })

const batchOf = async (c: pg.Client, profile: string) => {
  const id = randomUUID()
  await c.query(
    'INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, $3, $4)',
    [id, profile, 'payroll.csv', SHA],
  )
  return id
}

let n = 0
const row = (amount: number, accepted: unknown = null) => ({
  id: randomUUID(),
  reference: `W-${++n}`,
  amount_minor: amount,
  fields: { name: `Payee ${n}`, bankAccountNo: `00012${n}` },
  accepted,
})

/** One payout by the person's own INSERT, judged by the row trigger. */
const payOne = (c: pg.Client, profile: string, amount: number) =>
  c.query(
    `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
     VALUES ($1, $2, $3, $4, 'IDR', '{}')`,
    [randomUUID(), profile, `W-${++n}`, amount],
  )
const writeSet = (c: pg.Client, profile: string, batch: string | null, rows: unknown[], money = 'IDR') =>
  c.query('SELECT payout_desk.write_payouts($1, $2, $3, $4::jsonb)', [
    profile,
    batch,
    money,
    JSON.stringify(rows),
  ])
const statusesOf = (c: pg.Client, profile: string) =>
  c
    .query<{ amount: string; status: string }>(
      `SELECT amount_minor::text AS amount, status FROM payout_desk.payouts
        WHERE profile_id = $1 ORDER BY created_at, id`,
      [profile],
    )
    .then((r) => r.rows.map((x) => `${x.amount} ${x.status}`))

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 8))).toEqual({ from: 0, to: 8 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  before = await newProfile({ perDay: 1_000_000 })
  await as('budi', (c) => payOne(c, before, 700_000))
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 9))).toEqual({ from: 8, to: 9 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 9: a file written in one set', { timeout: 60_000 }, () => {
  it('judges a set as the row trigger judges the same payouts one by one, with the day’s total around it', async () => {
    const limits = { perPayout: 900_000, perDay: 1_000_000 }
    const [bySet, byRow] = [await newProfile(limits), await newProfile(limits)]
    const amounts = [300_000, 950_000, 400_000, 200_000]
    await as('budi', async (c) => {
      await c.query('BEGIN')
      await payOne(c, bySet, 100_000)
      await writeSet(
        c,
        bySet,
        null,
        amounts.map((a) => row(a)),
      )
      // Judged after the set: a day's total carried from before it would let this one through.
      await payOne(c, bySet, 1)
      await c.query('COMMIT')
      await c.query('BEGIN')
      for (const a of [100_000, ...amounts, 1]) await payOne(c, byRow, a)
      await c.query('COMMIT')
    })
    const [set, rows] = await as('budi', async (c) => [
      await statusesOf(c, bySet),
      await statusesOf(c, byRow),
    ])
    expect(set).toEqual(rows)
    expect(set).toEqual([
      '100000 queued',
      '300000 queued',
      '950000 awaiting_approval',
      '400000 awaiting_approval',
      '200000 awaiting_approval',
      '1 awaiting_approval',
    ])
    // The book from before the migration counts too.
    expect(
      await as('budi', async (c) => (await writeSet(c, before, null, [row(300_001)]), statusesOf(c, before))),
    ).toEqual(['700000 queued', '300001 awaiting_approval'])
  })

  it('writes as the person, at the profile’s account, in the file’s order, each with its created event', async () => {
    const profile = await newProfile()
    const rows = [row(1000), row(2000, [{ code: 'sent_recently', message: 'the same amount…' }]), row(3000)]
    const batch = await as('budi', async (c) => {
      await c.query('BEGIN')
      const b = await batchOf(c, profile)
      await writeSet(c, profile, b, rows)
      await c.query('COMMIT')
      return b
    })
    const written = await admin((c) =>
      c
        .query<{
          reference: string
          prepared_by: string
          account: unknown
          status: string
          batch_id: string
        }>(
          `SELECT reference, prepared_by, account, status, batch_id FROM payout_desk.payouts
            WHERE profile_id = $1 ORDER BY created_at`,
          [profile],
        )
        .then((r) => r.rows),
    )
    expect(written.map((w) => w.reference)).toEqual(rows.map((r) => r.reference))
    for (const w of written)
      expect(w).toMatchObject({
        prepared_by: 'budi',
        status: 'queued',
        batch_id: batch,
        account: {
          provider: 'vexora',
          area: 'ID',
          environment: 'sandbox',
          baseUrl: 'http://127.0.0.1:9',
          merchantId: `M-${profile.slice(0, 8)}`,
        },
      })
    const events = await admin((c) =>
      c
        .query<{ reference: string; person: string; detail: unknown }>(
          `SELECT p.reference, e.person, e.detail FROM payout_desk.payout_events e
             JOIN payout_desk.payouts p ON p.id = e.payout_id WHERE p.profile_id = $1 ORDER BY e.seq`,
          [profile],
        )
        .then((r) => r.rows),
    )
    expect(events).toEqual(
      rows.map((r) => ({
        reference: r.reference,
        person: 'budi',
        detail: { status: 'queued', batch, ...(r.accepted ? { accepted: r.accepted } : {}) },
      })),
    )
  })

  it('counts a day past 2^63 without refusing the profile’s later payouts', async () => {
    const profile = await newProfile({ perPayout: 500_000, perDay: 1_000_000 })
    const HUGE = '9223372036854775807'
    // Each waits for an owner, and still counts in the day: their sum is past a bigint.
    await as('budi', (c) => writeSet(c, profile, null, [{ ...row(1), amount_minor: HUGE }]))
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, 'W-HUGE', $3, 'IDR', '{}')`,
        [randomUUID(), profile, HUGE],
      ),
    )
    // A colleague's file and one payout of his are written, and wait as the day is over its limit.
    expect(await as('budi', (c) => refusal(writeSet(c, profile, null, [row(100)])))).toBe('ok')
    expect(await as('budi', (c) => refusal(payOne(c, profile, 100)))).toBe('ok')
    expect(await as('budi', (c) => statusesOf(c, profile))).toEqual([
      `${HUGE} awaiting_approval`,
      `${HUGE} awaiting_approval`,
      '100 awaiting_approval',
      '100 awaiting_approval',
    ])
  })

  it('keeps a reference to 1–64 letters, digits, _ and -, by the rule read faster', async () => {
    const profile = await newProfile()
    const withReference = (reference: string) => ({ ...row(100), reference })
    for (const bad of ['', 'A'.repeat(65), 'PAY 1', 'PAY-1\n', 'PAY-ü'])
      expect(await as('budi', (c) => refusal(writeSet(c, profile, null, [withReference(bad)]))), bad).toBe(
        '23514',
      )
    expect(
      await as('budi', (c) => refusal(writeSet(c, profile, null, [withReference(`A_b-9${'x'.repeat(59)}`)]))),
    ).toBe('ok')
  })

  it('counts each profile’s queued and open payouts, as a send names them', async () => {
    const [profile, idle] = [await newProfile(), await newProfile()]
    const rows = [row(1000), row(2000), row(3000), row(4000)]
    await as('budi', (c) => writeSet(c, profile, null, rows))
    // Two on their way, as a desk's claim and a gateway's answer leave them.
    await admin((c) =>
      c.query(
        `SET session_replication_role = replica;
         UPDATE payout_desk.payouts SET status = CASE reference WHEN '${rows[0]?.reference}' THEN 'processing'
           ELSE 'needs_review' END WHERE reference IN ('${rows[0]?.reference}', '${rows[1]?.reference}');
         SET session_replication_role = origin;`,
      ),
    )
    const pool = new pg.Pool({ connectionString: urlFor('budi'), max: 1 })
    pool.on('error', () => undefined)
    try {
      const counted = await teamProfiles(pool)
      expect(counted.find((p) => p.id === profile)).toMatchObject({ queued: 2, queuedMinor: 7000, open: 2 })
      expect(counted.find((p) => p.id === idle)).toMatchObject({ queued: 0, queuedMinor: 0, open: 0 })
    } finally {
      await pool.end()
    }
  })

  it('keeps the name of the login that set the ledger up, for which the trigger stands aside, from every person', async () => {
    const setUpBy = await admin((c) =>
      c.query<{ who: string }>('SELECT current_user AS who').then((r) => r.rows[0]?.who ?? ''),
    )
    const refused = await addPerson(server?.adminUrl ?? '', {
      name: setUpBy,
      role: 'bookkeeper',
      password: 'x'.repeat(12),
    }).then(
      () => 'added',
      (e: unknown) => (e instanceof AppError ? e.text.key : String(e)),
    )
    expect(refused).toBe('teamPersonNameReserved')
  })

  it('refuses what the row trigger refuses, and leaves a person’s own INSERT judged row by row', async () => {
    const [profile, other] = [await newProfile({ perPayout: 500 }), await newProfile()]
    const sitis = await as('siti', (c) => batchOf(c, profile))
    const budis = await as('budi', (c) => batchOf(c, other))
    // Somebody else's batch, or one of another profile.
    expect(await as('budi', (c) => refusal(writeSet(c, profile, sitis, [row(100)])))).toBe('42501')
    expect(await as('budi', (c) => refusal(writeSet(c, profile, budis, [row(100)])))).toBe('42501')
    expect(await as('budi', (c) => refusal(writeSet(c, profile, null, [row(100)], 'THB')))).toBe('23514')
    expect(await as('budi', (c) => refusal(writeSet(c, randomUUID(), null, [row(100)])))).toBe('23503')
    expect(
      await as('budi', async (c) => {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
        return refusal(writeSet(c, profile, null, [row(100)]))
      }),
    ).toBe('PD002')
    // A person's own INSERT, even of the columns the function sets, stays theirs to make only as judged.
    expect(
      await as('budi', (c) =>
        refusal(
          c.query(
            `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, status)
             VALUES ($1, $2, 'W-OWN', 600, 'IDR', '{}', 'queued')`,
            [randomUUID(), profile],
          ),
        ),
      ),
    ).toBe('42501')
    await as('budi', (c) => payOne(c, profile, 600))
    expect(await as('budi', (c) => statusesOf(c, profile))).toEqual(['600 awaiting_approval'])
  })
})
