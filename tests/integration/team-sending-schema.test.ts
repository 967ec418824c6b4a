// Sending from several desks on a real PostgreSQL server (electron/team/team-sending-schema.ts): the
// profile's lease and its epoch, claims taken once with SKIP LOCKED, and answers fenced by the epoch, as
// each person's own login reaches them (the app's or psql's, alike).
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { session, as, admin } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  server = await startPostgres()
  // Migration 2 as it was: migration 3 gives its batch claims and epoch-only answers up (team-engine-schema).
  await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 2))
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

/** A profile of Siti's with a per-payout limit of 1,000,000, and `count` payouts Budi wrote under it. */
async function profileWithPayouts(count: number) {
  const profile = randomUUID()
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor)
       VALUES ($1, $2, 'vexora', 'production', 'https://gateway.example', $3, 'IDR', 1000000)`,
      [profile, `Acme ${profile.slice(0, 8)}`, profile.slice(0, 8)],
    ),
  )
  const ids = await as('budi', async (c) => {
    const written: string[] = []
    for (let i = 0; i < count; i++) {
      const id = randomUUID()
      await c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, $3, $4, 'IDR', '{}')`,
        [id, profile, `R${i}-${id.slice(0, 8)}`, 10_000 + i],
      )
      written.push(id)
    }
    return written
  })
  return { profile, ids }
}

const lease = (c: pg.Client, profile: string, desk: string, seconds = 30) =>
  c
    .query<{ epoch: string | null }>('SELECT payout_desk.take_send_lease($1, $2, $3) AS epoch', [
      profile,
      desk,
      seconds,
    ])
    .then((r) => (r.rows[0]?.epoch == null ? null : Number(r.rows[0].epoch)))
const claim = (c: pg.Client, profile: string, epoch: number, most: number) =>
  c
    .query<{ id: string }>('SELECT id FROM payout_desk.claim_for_submit($1, $2, $3)', [profile, epoch, most])
    .then((r) => r.rows.map((row) => row.id))
const answer = (c: pg.Client, payout: string, epoch: number, status: string) =>
  c
    .query<{ now: string }>("SELECT payout_desk.record_answer($1, $2, $3, 'SAID') AS now", [
      payout,
      epoch,
      status,
    ])
    .then((r) => r.rows[0]?.now)
const statusOf = (id: string) =>
  admin((c) =>
    c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [id]),
  ).then((r) => r.rows[0]?.status)

describe('sending from several desks on the team ledger', { timeout: 120_000 }, () => {
  it("gives a profile's sending to one desk at a time, with a new epoch each time it changes hands", async () => {
    const { profile } = await profileWithPayouts(0)
    await as('budi', async (c) => {
      expect(await lease(c, profile, 'budi-laptop', 1)).toBe(1)
      // Renewed in time by its holder: the same epoch.
      expect(await lease(c, profile, 'budi-laptop', 1)).toBe(1)
    })
    // Another desk while it is held: nothing.
    expect(await as('siti', (c) => lease(c, profile, 'siti-desk'))).toBeNull()
    await new Promise((r) => setTimeout(r, 1_200))
    // Lapsed: the other desk takes it, under a new epoch; the first one then waits its turn.
    expect(await as('siti', (c) => lease(c, profile, 'siti-desk'))).toBe(2)
    expect(await as('budi', (c) => lease(c, profile, 'budi-laptop'))).toBeNull()
  })

  it('claims each queued payout once, skipping what another worker holds, never one awaiting approval', async () => {
    const { profile, ids } = await profileWithPayouts(30)
    const big = randomUUID()
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, 'BIG1', 5000000, 'IDR', '{}')`,
        [big, profile],
      ),
    )
    const first = await session('budi')
    const second = await session('budi')
    try {
      const epoch = (await lease(first, profile, 'budi-laptop')) as number
      // One worker's claim still open (its rows locked): the other worker is not made to wait for it.
      await first.query('BEGIN')
      const held = await claim(first, profile, epoch, 10)
      const beside = await claim(second, profile, epoch, 100)
      await first.query('COMMIT')
      expect(held).toHaveLength(10)
      expect(beside).toHaveLength(20)
      expect(new Set([...held, ...beside])).toEqual(new Set(ids))
      // Everything taken; the payout over the limit waits for an owner, not for a desk.
      expect(await claim(second, profile, epoch, 100)).toEqual([])
      expect(await statusOf(big)).toBe('awaiting_approval')
      const claims = await admin((c) =>
        c.query<{ person: string; n: string }>(
          `SELECT person, count(*) AS n FROM payout_desk.payout_events
            WHERE kind = 'claimed' AND payout_id = ANY ($1) GROUP BY person`,
          [ids],
        ),
      )
      expect(claims.rows).toEqual([{ person: 'budi', n: '30' }])
    } finally {
      await first.end()
      await second.end()
    }
  })

  it("hands a lost desk's payouts to the next as unknown, and fences its late answer", async () => {
    const { profile, ids } = await profileWithPayouts(2)
    const [payout] = ids as [string]
    const old = await as('budi', async (c) => {
      const epoch = (await lease(c, profile, 'budi-laptop', 1)) as number
      expect(await claim(c, profile, epoch, 1)).toEqual([payout])
      return epoch
    })
    // Budi's laptop hangs past its lease with the payout taken; Siti's desk takes the sending over.
    await new Promise((r) => setTimeout(r, 1_200))
    const now = (await as('siti', (c) => lease(c, profile, 'siti-desk'))) as number
    expect(now).toBe(old + 1)
    await as('siti', async (c) => {
      // Whether it left is not known: it is hers to ask the gateway about, never to send again.
      const taken = await c.query<{ id: string }>('SELECT id FROM payout_desk.take_over_in_doubt($1, $2)', [
        profile,
        now,
      ])
      expect(taken.rows.map((r) => r.id)).toEqual([payout])
      expect(await claim(c, profile, now, 10)).toEqual([ids[1]])
      expect(await statusOf(payout)).toBe('unknown')
      // The gateway says it failed.
      expect(await answer(c, payout, now, 'failed')).toBe('failed')
    })
    // The laptop wakes with the gateway's old word: refused, and it cannot claim either.
    await as('budi', async (c) => {
      expect(await refusal(answer(c, payout, old, 'succeeded'))).toBe('PD003')
      expect(await refusal(claim(c, profile, old, 10))).toBe('PD003')
    })
    expect(await statusOf(payout)).toBe('failed')
    // A final payout keeps its status whatever a later answer says; the answer is kept for a person.
    expect(await as('siti', (c) => answer(c, payout, now, 'succeeded'))).toBe('failed')
    const events = await admin((c) =>
      c.query<{ kind: string; person: string }>(
        'SELECT kind, person FROM payout_desk.payout_events WHERE payout_id = $1 ORDER BY seq',
        [payout],
      ),
    )
    expect(events.rows.map((e) => `${e.kind} ${e.person}`)).toEqual([
      'created budi',
      'claimed budi',
      'taken-over siti',
      'answer siti',
      'late-answer siti',
    ])
  })

  it('moves a status only through these functions: a bookkeeper at psql cannot mark a payout paid', async () => {
    const { profile, ids } = await profileWithPayouts(1)
    const [payout] = ids as [string]
    await as('budi', async (c) => {
      expect(
        await refusal(c.query("UPDATE payout_desk.payouts SET status = 'succeeded' WHERE id = $1", [payout])),
      ).toBe('42501')
      expect(await refusal(c.query('UPDATE payout_desk.send_leases SET epoch = 99'))).toBe('42501')
      // Without the lease, with a guessed epoch: refused.
      expect(await refusal(claim(c, profile, 1, 10))).toBe('PD003')
      expect(await refusal(answer(c, payout, 1, 'succeeded'))).toBe('PD003')
    })
    expect(await statusOf(payout)).toBe('queued')
  })
})
