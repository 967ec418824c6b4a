// Team migration 3 (electron/team/team-engine-schema.ts) on a real PostgreSQL server: what it does to a
// book written under version 2, and the take-over of a gone desk's lease.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedTransitions } from '../../shared/domain/state-machine.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
const profile = randomUUID()
const payout = randomUUID()

beforeAll(async () => {
  server = await startPostgres()
  // A book kept under version 2: a profile, and a payout written under it.
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 2))).toEqual({ from: 0, to: 2 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, 'Acme TH', 'bluepay', 'production', 'https://gateway.example', 'APP42', 'THB')`,
      [profile],
    ),
  )
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, 'OLD-1', 150000, 'THB', '{}')`,
      [payout, profile],
    ),
  )
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 3))).toEqual({ from: 2, to: 3 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 3: the engine’s store', { timeout: 60_000 }, () => {
  it('gives the profiles of an older book their area, and freezes its payouts’ gateway account', async () => {
    const row = await admin((c) =>
      c
        .query<{ area: string; account: unknown }>(
          `SELECT pr.area, p.account FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
            WHERE p.id = $1`,
          [payout],
        )
        .then((r) => r.rows[0]),
    )
    expect(row).toEqual({
      area: 'TH',
      account: {
        provider: 'bluepay',
        area: 'TH',
        environment: 'production',
        baseUrl: 'https://gateway.example',
        merchantId: 'APP42',
      },
    })
    // Frozen: the owner pointing the profile at another merchant account does not move it.
    await as('siti', (c) =>
      c.query("UPDATE payout_desk.profiles SET merchant_id = 'APP43' WHERE id = $1", [profile]),
    )
    const after = await admin((c) =>
      c
        .query<{ merchant: string }>(
          "SELECT account->>'merchantId' AS merchant FROM payout_desk.payouts WHERE id = $1",
          [payout],
        )
        .then((r) => r.rows[0]?.merchant),
    )
    expect(after).toBe('APP42')
  })

  it('keeps the state machine’s moves, exactly those of shared/domain/state-machine.ts', async () => {
    const moves = await admin((c) =>
      c
        .query<{ from_status: string; to_status: string }>(
          'SELECT from_status, to_status FROM payout_desk.transitions',
        )
        .then((r) => r.rows.map((m) => `${m.from_status}→${m.to_status}`).sort()),
    )
    expect(moves).toEqual(
      allowedTransitions()
        .map(([from, to]) => `${from}→${to}`)
        .sort(),
    )
  })

  it("takes a gone desk's lease over at once, under a new epoch; never one held by another desk", async () => {
    const lease = (desk: string) =>
      as('budi', (c) =>
        c
          .query<{ e: string | null }>('SELECT payout_desk.take_send_lease($1, $2, 60)::text AS e', [
            profile,
            desk,
          ])
          .then((r) => r.rows[0]?.e ?? null),
      )
    const takeFrom = (desk: string, gone: string) =>
      as('siti', (c) =>
        c
          .query<{ e: string | null }>('SELECT payout_desk.take_send_lease_from($1, $2, 60, $3)::text AS e', [
            profile,
            desk,
            gone,
          ])
          .then((r) => r.rows[0]?.e ?? null),
      )
    const first = await lease('laptop:111:aaaa')
    expect(first).not.toBeNull()
    // Naming a desk that does not hold it takes nothing.
    expect(await takeFrom('desk:222:bbbb', 'someone-else')).toBeNull()
    const second = await takeFrom('desk:222:bbbb', 'laptop:111:aaaa')
    expect(Number(second)).toBe(Number(first) + 1)
    // The laptop's epoch no longer holds: its claims are refused.
    const claim = await refusal(
      as('budi', (c) =>
        c.query('SELECT payout_desk.claim_payout($1, $2, ARRAY[$3], 30)', [payout, first, 'queued']),
      ),
    )
    expect(claim).toBe('PD003')
  })

  it("ties the sending to the login that took it: another login knowing the desk's name and epoch gets nothing", async () => {
    const desk = 'siti-desk:333:cccc'
    const [profile, payout] = [randomUUID(), randomUUID()]
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
         VALUES ($1, 'Acme ID', 'vexora', 'production', 'https://gateway.example', 'M9', 'IDR')`,
        [profile],
      ),
    )
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, 'NEW-1', 150000, 'IDR', '{}')`,
        [payout, profile],
      ),
    )
    const epoch = await as('siti', (c) =>
      c
        .query<{ e: string | null }>('SELECT payout_desk.take_send_lease($1, $2, 60)::text AS e', [
          profile,
          desk,
        ])
        .then((r) => r.rows[0]?.e ?? null),
    )
    expect(epoch).not.toBeNull()
    // Budi names Siti's desk: no renewal of hers, no epoch for him.
    const stolen = await as('budi', (c) =>
      c
        .query<{ e: string | null }>('SELECT payout_desk.take_send_lease($1, $2, 60)::text AS e', [
          profile,
          desk,
        ])
        .then((r) => r.rows[0]?.e ?? null),
    )
    expect(stolen).toBeNull()
    // Her epoch, read from send_leases, claims and answers nothing for him.
    expect(
      await refusal(
        as('budi', (c) =>
          c.query("SELECT * FROM payout_desk.claim_payout($1, $2, ARRAY['queued'], 30)", [payout, epoch]),
        ),
      ),
    ).toBe('PD003')
    expect(
      await refusal(
        as('budi', (c) =>
          c.query('SELECT payout_desk.observe_payout($1, $2, $3)', [
            payout,
            epoch,
            { verdict: 'same', to: 'queued' },
          ]),
        ),
      ),
    ).toBe('PD003')
    // Migration 2's batch claim and epoch-only answer are nobody's to call any more.
    for (const call of [
      'SELECT * FROM payout_desk.claim_for_submit($1, $2, 10)',
      "SELECT payout_desk.record_answer($1, $2, 'succeeded', 'SAID')",
    ])
      expect(
        await refusal(
          as('budi', (c) => c.query(call, [call.includes('claim_for') ? profile : payout, epoch])),
        ),
      ).toBe('42501')
  })
})
