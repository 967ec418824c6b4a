// The team ledger on a real PostgreSQL server (electron/team/team-admin.ts, team-schema.ts): setting it
// up, its people, and what PostgreSQL itself lets each person do when connected directly, as with psql.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { addPerson, initTeamLedger, teamPeople } from '../../electron/team/team-admin.ts'
import { latestTeamVersion, TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { closedPort } from '../support/closed-port.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { APPROVE_ACKNOWLEDGING, refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw', rina: 'rina-owner-passphrase' }

// Never skipped: .ci/run installs PostgreSQL, and a machine without it is told what to install.
beforeAll(async () => {
  server = await startPostgres()
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

const { session, as, admin, urlFor } = teamSessions(() => server, PASSWORD)
/** The administrator's URL, once the server runs. */
const adminUrl = () => {
  if (!server) throw new Error('PostgreSQL is not running')
  return server.adminUrl
}

const PROFILE = randomUUID()
const pay = (c: pg.Client, amount: number, extra = '', values: unknown[] = []) => {
  const id = randomUUID()
  return c
    .query<{ status: string; prepared_by: string }>(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields${extra ? `, ${extra}` : ''})
       VALUES ($1, $2, $3, $4, 'IDR', '{}'${values.map((_, i) => `, $${i + 5}`).join('')})
       RETURNING status, prepared_by`,
      [id, PROFILE, `REF${id.slice(0, 8)}`, amount, ...values],
    )
    .then((r) => ({ id, ...(r.rows[0] ?? { status: '', prepared_by: '' }) }))
}

describe('the team ledger on PostgreSQL', { timeout: 120_000 }, () => {
  it('is set up once: init again changes nothing, and a newer schema is refused untouched', async () => {
    // Set up by the first version, then brought up to this one (each migration once, in order).
    expect(await initTeamLedger(adminUrl(), TEAM_MIGRATIONS.slice(0, 1))).toEqual({ from: 0, to: 1 })
    expect(await initTeamLedger(adminUrl())).toEqual({ from: 1, to: latestTeamVersion() })
    expect(await initTeamLedger(adminUrl())).toEqual({
      from: latestTeamVersion(),
      to: latestTeamVersion(),
    })
    await admin((c) => c.query("UPDATE payout_desk.team_meta SET value = '99' WHERE key = 'schema_version'"))
    const newer = await initTeamLedger(adminUrl()).catch((e: unknown) => e)
    expect(newer).toBeInstanceOf(AppError)
    expect((newer as AppError).text).toEqual({
      key: 'teamLedgerNewer',
      params: { found: 99, known: latestTeamVersion() },
    })
    await admin((c) =>
      c.query("UPDATE payout_desk.team_meta SET value = $1 WHERE key = 'schema_version'", [
        String(latestTeamVersion()),
      ]),
    )
  })

  it('adds people as logins in the owner or bookkeeper group, and lists them', async () => {
    await addPerson(adminUrl(), { name: 'siti', role: 'owner', password: PASSWORD.siti })
    await addPerson(adminUrl(), { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
    await addPerson(adminUrl(), { name: 'rina', role: 'owner', password: PASSWORD.rina })
    const refusedWith = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof AppError ? e.text.key : String(e)),
      )
    expect(
      await refusedWith(
        addPerson(adminUrl(), { name: 'Budi; DROP', role: 'owner', password: 'x'.repeat(12) }),
      ),
    ).toBe('teamPersonName')
    expect(await refusedWith(addPerson(adminUrl(), { name: 'eko', role: 'owner', password: 'short' }))).toBe(
      'teamPasswordShort',
    )
    expect(
      await refusedWith(addPerson(adminUrl(), { name: 'budi', role: 'owner', password: 'x'.repeat(12) })),
    ).toBe('teamPersonExists')
    // Anybody of the team may see who is in it.
    expect(await teamPeople(urlFor('budi'))).toEqual([
      { name: 'budi', role: 'bookkeeper', canLogIn: true },
      { name: 'rina', role: 'owner', canLogIn: true },
      { name: 'siti', role: 'owner', canLogIn: true },
    ])
  })

  it('lets only an owner set a profile and its limits; a bookkeeper at psql cannot raise them', async () => {
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
           per_payout_minor, per_day_minor)
         VALUES ($1, 'Acme ID', 'vexora', 'production', 'https://gateway.example', '42', 'IDR', 1000000, 1500000)`,
        [PROFILE],
      ),
    )
    const changedBy = await admin((c) =>
      c.query('SELECT changed_by FROM payout_desk.profiles WHERE id = $1', [PROFILE]),
    )
    expect(changedBy.rows).toEqual([{ changed_by: 'siti' }])
    await as('budi', async (c) => {
      expect(
        await refusal(
          c.query('UPDATE payout_desk.profiles SET per_day_minor = 999999999 WHERE id = $1', [PROFILE]),
        ),
      ).toBe('42501')
      expect(
        await refusal(
          c.query(
            `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
             VALUES ($1, 'Mine', 'vexora', 'production', 'https://evil.example', '7', 'IDR')`,
            [randomUUID()],
          ),
        ),
      ).toBe('42501')
      expect(await refusal(c.query('DELETE FROM payout_desk.profiles'))).toBe('42501')
    })
  })

  it('holds what goes over a limit for an owner who did not prepare it, and only as it was shown', async () => {
    const written = await as('budi', async (c) => [
      await pay(c, 500_000),
      await pay(c, 900_000),
      await pay(c, 2_000_000),
      await pay(c, 200_000),
    ])
    const [, , big, overDay] = written
    expect(written.map((p) => [p.status, p.prepared_by])).toEqual([
      ['queued', 'budi'],
      ['queued', 'budi'],
      ['awaiting_approval', 'budi'],
      ['awaiting_approval', 'budi'],
    ])
    if (!big || !overDay) throw new Error('no payouts')
    await as('budi', async (c) => {
      // Not as somebody else, not already approved, not by editing or deleting, not by the function.
      expect(await refusal(pay(c, 10_000, 'prepared_by', ['siti']))).toBe('42501')
      expect(await refusal(pay(c, 10_000, 'status', ['queued']))).toBe('42501')
      expect(
        await refusal(c.query("UPDATE payout_desk.payouts SET status = 'queued' WHERE id = $1", [big.id])),
      ).toBe('42501')
      expect(await refusal(c.query('DELETE FROM payout_desk.payouts WHERE id = $1', [big.id]))).toBe('42501')
      expect(
        await refusal(
          c.query('SELECT payout_desk.approve($1::uuid[], $2)', [[big.id, overDay.id], 2_200_000]),
        ),
      ).toBe('42501')
    })
    await as('siti', async (c) => {
      // Another total than what waits: what was shown is not what would be approved.
      expect(
        await refusal(
          c.query('SELECT payout_desk.approve($1::uuid[], $2)', [[big.id, overDay.id], 2_000_000]),
        ),
      ).toBe('PD001')
      // The form that acknowledges nothing: both are new payees, which the book notes (migration 18).
      expect(
        await refusal(
          c.query('SELECT payout_desk.approve($1::uuid[], $2)', [[big.id, overDay.id], 2_200_000]),
        ),
      ).toBe('PD017')
      const approved = await c.query<{ approve: number }>(APPROVE_ACKNOWLEDGING, [
        [big.id, overDay.id],
        2_200_000,
      ])
      expect(approved.rows[0]?.approve).toBe(2)
      // Approved once: a second approval of the same finds nothing waiting.
      expect(
        await refusal(c.query('SELECT payout_desk.approve($1::uuid[], $2)', [[big.id], 2_000_000])),
      ).toBe('PD001')
    })
    const rows = await admin((c) =>
      c.query<{ status: string; approved_by: string }>(
        'SELECT status, approved_by FROM payout_desk.payouts WHERE id = ANY($1::uuid[]) ORDER BY amount_minor',
        [[big.id, overDay.id]],
      ),
    )
    expect(rows.rows).toEqual([
      { status: 'queued', approved_by: 'siti' },
      { status: 'queued', approved_by: 'siti' },
    ])
    const log = await admin((c) =>
      c.query<{ kind: string; person: string }>(
        'SELECT kind, person FROM payout_desk.payout_events WHERE payout_id = $1 ORDER BY seq',
        [big.id],
      ),
    )
    expect(log.rows).toEqual([
      { kind: 'created', person: 'budi' },
      { kind: 'approved', person: 'siti' },
    ])
  })

  it("refuses an owner's approval of her own payout; another owner may approve it", async () => {
    const own = await as('siti', (c) => pay(c, 3_000_000))
    expect(own.status).toBe('awaiting_approval')
    expect(
      await as('siti', (c) =>
        refusal(c.query('SELECT payout_desk.approve($1::uuid[], $2)', [[own.id], 3_000_000])),
      ),
    ).toBe('42501')
    expect(await as('rina', (c) => refusal(c.query(APPROVE_ACKNOWLEDGING, [[own.id], 3_000_000])))).toBe('ok')
  })

  it('keeps the audit log append-only, even for an owner and the administrator', async () => {
    expect(
      await as('siti', (c) => refusal(c.query("UPDATE payout_desk.payout_events SET person = 'x'"))),
    ).toBe('42501')
    expect(await as('budi', (c) => refusal(c.query('DELETE FROM payout_desk.payout_events')))).toBe('42501')
    expect(await admin((c) => refusal(c.query('DELETE FROM payout_desk.payout_events')))).toBe('42501')
  })

  it('counts a day once across desks: a second desk writing at the same moment waits, then is held', async () => {
    const other = randomUUID()
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency, per_day_minor)
         VALUES ($1, 'Acme day', 'vexora', 'production', 'https://gateway.example', '43', 'IDR', 1000000)`,
        [other],
      ),
    )
    const first = await session('budi')
    const second = await session('budi')
    try {
      const write = (c: pg.Client) =>
        c
          .query<{ status: string }>(
            `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
             VALUES ($1, $2, $3, 800000, 'IDR', '{}') RETURNING status`,
            [randomUUID(), other, `DAY${randomUUID().slice(0, 8)}`],
          )
          .then((r) => r.rows[0]?.status)
      await first.query('BEGIN')
      expect(await write(first)).toBe('queued')
      let settled = false
      const waiting = write(second).finally(() => (settled = true))
      await new Promise((r) => setTimeout(r, 500))
      expect(settled).toBe(false)
      await first.query('COMMIT')
      expect(await waiting).toBe('awaiting_approval')
    } finally {
      await first.end()
      await second.end()
    }
  })

  it('is set up and staffed from the command line, with the password never on it', async () => {
    const env = { PAYOUT_DESK_LEDGER_URL: adminUrl() }
    const again = await runCli(['team', 'init'], undefined, env)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toBe(
      `The team ledger is up to date (version ${latestTeamVersion()}); nothing was changed.\n`,
    )
    const added = await runCli(
      ['team', 'add-person', 'eko', '--role', 'bookkeeper'],
      'eko-bookkeeper-pw\n',
      env,
    )
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/^eko can now connect as a bookkeeper/)
    const people = await runCli(['team', 'people', '--json'], undefined, {
      PAYOUT_DESK_LEDGER_URL: server?.urlFor('eko', 'eko-bookkeeper-pw') ?? '',
    })
    expect(people.code, people.stderr).toBe(0)
    expect(
      (JSON.parse(people.stdout) as { name: string; role: string }[]).map((p) => [p.name, p.role]),
    ).toEqual([
      ['budi', 'bookkeeper'],
      ['eko', 'bookkeeper'],
      ['rina', 'owner'],
      ['siti', 'owner'],
    ])
    // A bookkeeper's own login cannot add people, and is told whose login can.
    const refused = await runCli(['team', 'add-person', 'mallory', '--role', 'owner'], 'mallory-password\n', {
      PAYOUT_DESK_LEDGER_URL: urlFor('budi'),
    })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/this login may not do that.*database owner's login/)
    expect((await teamPeople(adminUrl())).map((p) => p.name)).not.toContain('mallory')
    const unreachable = await runCli(['team', 'people'], undefined, {
      PAYOUT_DESK_LEDGER_URL: `postgres://x:y@127.0.0.1:${await closedPort()}/none`,
    })
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toMatch(/team ledger could not be reached/)
    // A server that answers and refuses the password is a typo to fix, not a network to check.
    const mistyped = await runCli(['team', 'people'], undefined, {
      PAYOUT_DESK_LEDGER_URL: urlFor('budi').replace(/:[^:@/]*@/, ':not-his-password@'),
    })
    expect(mistyped.code).toBe(1)
    expect(mistyped.stderr).toMatch(/refused this login and password/)
  })
})
