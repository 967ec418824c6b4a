// Team migration 8 (electron/team/team-answer-schema.ts) on a real PostgreSQL server: a claim that says
// which version of the row it left, and an answer written in one call onto that version only, behind the
// same fence as before (the profile's sending, its epoch, the login, the state machine).
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
type Person = keyof typeof PASSWORD
const { as, admin } = teamSessions(() => server, PASSWORD)
const SECRET = 'the-gateway-secret-of-acme'
const profile = randomUUID()
/** Written under version 7, before the migration. */
const older = randomUUID()
let key = ''

const setCheck = (secret: string) =>
  senderKeyOf(secret, profile).then((k) =>
    as('siti', (c) =>
      c.query('UPDATE payout_desk.profiles SET sender_check = $2 WHERE id = $1', [profile, senderCheckOf(k)]),
    ),
  )

const pay = (amountMinor = 1000, id = randomUUID()) =>
  as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, $4, 'IDR', '{}')`,
      [id, profile, `R-${id.slice(0, 8)}`, amountMinor],
    ),
  ).then(() => id)

const lease = (c: pg.Client, desk: string) =>
  c
    .query<{ e: string }>('SELECT payout_desk.take_send_lease($1, $2, 60, $3)::text AS e', [
      profile,
      desk,
      key,
    ])
    .then((r) => r.rows[0]?.e ?? null)

const claim = (c: pg.Client, id: string, epoch: string | null) =>
  c
    .query<{ seen: string; status: string; attempts: number }>(
      `SELECT c.seen, (c.claimed).status, (c.claimed).attempts
         FROM payout_desk.claim_payout_seen($1, $2, ARRAY['queued'], 30) c`,
      [id, epoch],
    )
    .then((r) => r.rows)

const answer = (
  c: pg.Client,
  id: string,
  epoch: string | null,
  seen: string | undefined,
  to = 'processing',
) =>
  c
    .query<{ to: string | null }>('SELECT payout_desk.observe_seen($1, $2, $3, $4) AS to', [
      id,
      epoch,
      seen,
      { verdict: 'apply', to, observed: to, source: 'create' },
    ])
    .then((r) => r.rows[0]?.to ?? null)

const rowOf = (id: string) =>
  admin((c) =>
    c
      .query<{ status: string; attempts: number; version: string; events: number }>(
        `SELECT status, attempts, xmin::text AS version,
                (SELECT count(*)::int FROM payout_desk.payout_events e WHERE e.payout_id = p.id) AS events
           FROM payout_desk.payouts p WHERE id = $1`,
        [id],
      )
      .then((r) => r.rows[0]),
  )

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 7))).toEqual({ from: 0, to: 7 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         per_payout_minor)
       VALUES ($1, 'Acme ID', 'vexora', 'sandbox', 'http://127.0.0.1:9', 'M1', 'IDR', 1000000)`,
      [profile],
    ),
  )
  await setCheck(SECRET)
  key = await senderKeyOf(SECRET, profile)
  await pay(1000, older)
  // Migrated in place, once: `team init` again changes nothing.
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 8))).toEqual({ from: 7, to: 8 })
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 8))).toEqual({ from: 8, to: 8 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 8: answers in one call', { timeout: 60_000 }, () => {
  it('claims as before, and says which version of the row the claim left', async () => {
    const waiting = await pay(2_000_000)
    const [claimed, again, held] = await as('budi', async (c) => {
      const epoch = await lease(c, 'budi-desk')
      return [await claim(c, older, epoch), await claim(c, older, epoch), await claim(c, waiting, epoch)]
    })
    const stored = await rowOf(older)
    expect(claimed).toEqual([{ seen: stored?.version, status: 'submitting', attempts: 1 }])
    // Claimed once only; a payout awaiting approval never.
    expect(again).toEqual([])
    expect(held).toEqual([])
    expect((await rowOf(waiting))?.status).toBe('awaiting_approval')
  })

  it('writes an answer onto the version it was judged against, and nothing once the row moved on', async () => {
    const id = await pay()
    await as('budi', async (c) => {
      const epoch = await lease(c, 'budi-desk')
      const [claimed] = await claim(c, id, epoch)
      expect(await answer(c, id, epoch, claimed?.seen)).toBe('processing')
      const written = await rowOf(id)
      expect(written?.status).toBe('processing')
      // Judged against the claimed row, which is no longer the row: not written, the desk judges again.
      expect(await answer(c, id, epoch, claimed?.seen, 'succeeded')).toBeNull()
      expect(await rowOf(id)).toEqual(written)
      expect(await answer(c, id, epoch, written?.version, 'succeeded')).toBe('succeeded')
    })
  })

  it('keeps the fence: another login, a lost epoch or a move the state machine refuses writes nothing', async () => {
    const id = await pay()
    const { epoch, seen } = await as('budi', async (c) => {
      const epoch = await lease(c, 'budi-desk')
      const [claimed] = await claim(c, id, epoch)
      return { epoch, seen: claimed?.seen }
    })
    const attempt = (person: Person, to = 'processing', at = epoch) =>
      as(person, (c) => refusal(answer(c, id, at, seen, to)))
    // Siti knows Budi's epoch (anybody can read it) and the row's version: the sending is still his.
    expect(await attempt('siti')).toBe('PD003')
    expect(await attempt('budi', 'submitting')).toBe('PD004')
    expect(await as('budi', (c) => refusal(answer(c, id, null, seen)))).toBe('PD003')
    // A new secret ends his sending: the version he saw is still the row's, his epoch no longer holds.
    await setCheck(`${SECRET}-new`)
    key = await senderKeyOf(`${SECRET}-new`, profile)
    expect(await attempt('budi')).toBe('PD003')
    const row = await rowOf(id)
    expect(row).toMatchObject({ status: 'submitting', attempts: 1, version: seen })
    await setCheck(SECRET)
    key = await senderKeyOf(SECRET, profile)
  })

  // Migration 6's decisions and this migration's claims: the claim is claim_payout's own, so a person's
  // decision waits while it holds; a decision written after it lapsed is a new version, never written over.
  const decide = (c: pg.Client, id: string, version: number) =>
    c.query('SELECT payout_desk.decide_payout($1, $2, $3)', [
      id,
      version,
      { action: 'not-sent', to: 'cancelled', note: 'not in the gateway portal' },
    ])
  const versionOf = (id: string) =>
    admin((c) =>
      c
        .query<{ version: number }>('SELECT version FROM payout_desk.payouts WHERE id = $1', [id])
        .then((r) => r.rows[0]?.version ?? -1),
    )
  const inDoubt = { verdict: 'same', to: 'submitting', observed: 'submitting', source: 'create' }
  const raise = { attentionSet: true, raise: { reason: 'in_doubt', detail: null } }

  it('makes a decision wait while the claim holds (PD014)', async () => {
    const id = await pay()
    await as('budi', async (c) => {
      const epoch = await lease(c, 'budi-desk')
      const [claimed] = await claim(c, id, epoch)
      // In doubt, still under the claim (the claim's check time ahead, the lease held).
      const { rows } = await c.query<{ to: string | null }>(
        'SELECT payout_desk.observe_seen($1, $2, $3, $4) AS to',
        [id, epoch, claimed?.seen, { ...inDoubt, ...raise, nextCheckAt: Date.now() + 60_000 }],
      )
      expect(rows[0]?.to).toBe('submitting')
    })
    const before = await rowOf(id)
    expect(await as('siti', async (c) => refusal(decide(c, id, await versionOf(id))))).toBe('PD014')
    expect(await rowOf(id)).toEqual(before)
  })

  it('writes no late answer over a decision made after the claim lapsed', async () => {
    const id = await pay()
    const { epoch, seen } = await as('budi', async (c) => {
      const { rows } = await c.query<{ e: string }>(
        'SELECT payout_desk.take_send_lease($1, $2, 1, $3)::text AS e',
        [profile, 'budi-desk', key],
      )
      const epoch = rows[0]?.e ?? null
      const [claimed] = (
        await c.query<{ seen: string }>(
          "SELECT c.seen FROM payout_desk.claim_payout_seen($1, $2, ARRAY['queued'], 1) c",
          [id, epoch],
        )
      ).rows
      const raised = await c.query<{ to: string | null }>(
        'SELECT payout_desk.observe_seen($1, $2, $3, $4) AS to',
        [id, epoch, claimed?.seen, { ...inDoubt, ...raise }],
      )
      expect(raised.rows[0]?.to).toBe('submitting')
      return { epoch, seen: (await rowOf(id))?.version }
    })
    // The claim and the lease lapse; nobody took the sending over, so the epoch is still the lease's.
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    await as('siti', async (c) => decide(c, id, await versionOf(id)))
    const decided = await rowOf(id)
    expect(decided?.status).toBe('cancelled')
    // Judged against the row before the decision: written nowhere, the desk judges it again, locked.
    expect(await as('budi', (c) => answer(c, id, epoch, seen))).toBeNull()
    expect(await rowOf(id)).toEqual(decided)
    // Judged again, the state machine keeps the decision (the fence does not check the lease's end).
    expect(await as('budi', (c) => refusal(answer(c, id, epoch, decided?.version)))).toBe('PD004')
    expect(await rowOf(id)).toEqual(decided)
  })
})
