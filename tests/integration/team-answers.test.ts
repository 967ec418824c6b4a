// A payout's answer and the next payout's claim in one call (electron/team/team-answers.ts, claimAfter),
// on a real PostgreSQL server: the call writes both or, refused, neither, and then each is written alone;
// a connection lost in it leaves nothing that could leave twice. Actions covered: sendForTeam's sending
// (engine.sendEach's claimAfter).
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamEngineDesks } from '../support/team-engine-desks.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const desks = teamEngineDesks(urlFor, () => sandbox)

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  await desks.close()
  await sandbox.close()
  await server?.stop()
})

const sitisProfile = () => sandboxTeamProfile(as, 'siti', sandbox)
const budiWrites = (profile: string, n: number) =>
  writeTeamPayout(as, 'budi', {
    profile,
    reference: `A${n}-${randomUUID().slice(0, 8)}`,
    amountMinor: 300_000,
    fields: idrFields(`00${7_100_000 + n}`, `Person ${n}`),
  })
const rowOf = (id: string) =>
  admin((c) =>
    c.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM payout_desk.payouts WHERE id = $1',
      [id],
    ),
  ).then((r) => r.rows[0])

/** The statements a desk's pool sends from now on; `before` runs just before each is sent. */
function watch(pool: pg.Pool, before?: (text: string, client: pg.PoolClient) => Promise<void>) {
  const sent: string[] = []
  const watched = new WeakSet<pg.PoolClient>()
  pool.on('acquire', (client) => {
    if (watched.has(client)) return
    watched.add(client)
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
    Object.assign(client, {
      query: async (...args: unknown[]) => {
        const [q] = args
        const text = typeof q === 'string' ? q : String((q as { text?: string }).text)
        sent.push(text)
        await before?.(text, client)
        return query(...args)
      },
    })
  })
  return sent
}
const carriesBoth = (text: string) =>
  text.includes('payout_desk.observe_seen(') && text.includes('payout_desk.claim_payout_seen(')

const accepted = () => ({
  to: 'processing' as const,
  source: 'create' as const,
  acknowledged: true,
  nextCheckAt: null,
})

/** Budi's desk holding two payouts' leases, the first claimed, the second's claim waiting for its answer. */
async function twoInARow(profiles: [string, string]) {
  const [first, second] = [await budiWrites(profiles[0], 1), await budiWrites(profiles[1], 2)]
  const d = await desks.desk('budi', profiles)
  const lease = { owner: d.deskName, ms: 60_000 }
  expect(await d.store.takeLease(first, d.deskName, lease.ms)).toBe(true)
  expect(await d.store.takeLease(second, d.deskName, lease.ms)).toBe(true)
  expect(await d.store.claimForSubmit(first, ['queued'], lease)).toMatchObject({ status: 'submitting' })
  let firstDone = () => {}
  d.store.claimAfter?.(second, first, new Promise<void>((resolve) => (firstDone = resolve)))
  const claim = d.store.claimForSubmit(second, ['queued'], lease)
  return { d, first, second, claim, firstDone, lease }
}

describe('an answer and the next claim in one call', { timeout: 120_000 }, () => {
  it('claims the next payout in the call that writes the answer before it, and its own answer then needs one call', async () => {
    const profile = await sitisProfile()
    const { d, first, second, claim } = await twoInARow([profile, profile])
    await new Promise((r) => setTimeout(r, 200))
    // Waiting for the answer before it: not claimed yet.
    expect(await rowOf(second)).toEqual({ status: 'queued', attempts: 0 })
    const sent = watch(d.pool)
    expect(await d.store.observe(first, accepted)).toMatchObject({ to: 'processing' })
    expect(await claim).toMatchObject({ id: second, status: 'submitting', attempts: 1 })
    expect(sent).toHaveLength(1)
    expect(carriesBoth(sent[0] ?? '')).toBe(true)
    expect(await rowOf(first)).toEqual({ status: 'processing', attempts: 1 })
    expect(await rowOf(second)).toEqual({ status: 'submitting', attempts: 1 })
    // The version the claim left is known: the answer is written onto it, in one call.
    expect(await d.store.observe(second, accepted)).toMatchObject({ to: 'processing' })
    expect(sent.slice(1)).toHaveLength(1)
    expect(sent[1]).toContain('payout_desk.observe_seen(')
  })

  it('claims alone once the payout before is done with and no answer came', async () => {
    const profile = await sitisProfile()
    const { d, second, claim, firstDone } = await twoInARow([profile, profile])
    const sent = watch(d.pool)
    firstDone()
    expect(await claim).toMatchObject({ id: second, status: 'submitting', attempts: 1 })
    expect(sent.filter(carriesBoth)).toEqual([])
  })

  it('a claim taken into the call is not made again when the payout before is done with meanwhile', async () => {
    const profile = await sitisProfile()
    const { d, first, second, claim, firstDone } = await twoInARow([profile, profile])
    const sent = watch(d.pool, async (text) => {
      // The payout before ends while its answer and the claim are on their way.
      if (carriesBoth(text)) firstDone()
      await new Promise((r) => setTimeout(r, 100))
    })
    expect(await d.store.observe(first, accepted)).toMatchObject({ to: 'processing' })
    expect(await claim).toMatchObject({ id: second, status: 'submitting', attempts: 1 })
    await new Promise((r) => setTimeout(r, 300))
    expect(sent.filter((q) => q.includes('claim_payout_seen('))).toHaveLength(1)
    expect(await rowOf(second)).toEqual({ status: 'submitting', attempts: 1 })
  })

  it('an answer waits at most a second on the next payout’s row held by another: then each goes alone', async () => {
    const profile = await sitisProfile()
    const { d, first, second, claim } = await twoInARow([profile, profile])
    let answered = false
    await admin(async (c) => {
      // A person's open transaction holds the next payout's row.
      await c.query('BEGIN')
      await c.query('SELECT 1 FROM payout_desk.payouts WHERE id = $1 FOR UPDATE', [second])
      const answer = d.store.observe(first, accepted).then((r) => ((answered = true), r))
      await new Promise((r) => setTimeout(r, 3_000))
      // Written alone while the row is still held.
      expect(answered).toBe(true)
      expect(await rowOf(first)).toEqual({ status: 'processing', attempts: 1 })
      await c.query('COMMIT')
      expect(await answer).toMatchObject({ to: 'processing' })
    })
    // The claim alone waited for the row, then was made.
    expect(await claim).toMatchObject({ id: second, status: 'submitting', attempts: 1 })
  })

  it('quitting, a claim waiting for the answer before it is not made', async () => {
    const profile = await sitisProfile()
    const { d, first, second, claim } = await twoInARow([profile, profile])
    d.store.dropWaitingClaims?.()
    expect(await claim).toBeNull()
    expect(await d.store.observe(first, accepted)).toMatchObject({ to: 'processing' })
    expect(await rowOf(second)).toEqual({ status: 'queued', attempts: 0 })
  })

  it('a call the server refuses writes nothing: the answer is then written alone, and the claim is refused alone', async () => {
    const [one, other] = [await sitisProfile(), await sitisProfile()]
    const { d, first, second, claim } = await twoInARow([one, other])
    // Another desk took over the sending of the second payout's profile: its claim is refused (PD003).
    await admin((c) =>
      c.query('UPDATE payout_desk.send_leases SET epoch = epoch + 1 WHERE profile_id = $1', [other]),
    )
    const sent = watch(d.pool)
    expect(await d.store.observe(first, accepted)).toMatchObject({ to: 'processing' })
    expect(await claim).toBeNull()
    expect(sent.filter(carriesBoth)).toHaveLength(1)
    expect(await rowOf(first)).toEqual({ status: 'processing', attempts: 1 })
    expect(await rowOf(second)).toEqual({ status: 'queued', attempts: 0 })
  })

  it('a connection lost before the call fails the answer and the claim as lone ones would', async () => {
    const profile = await sitisProfile()
    const { d, first, second, claim } = await twoInARow([profile, profile])
    let dropped = false
    watch(d.pool, async (text, client) => {
      if (dropped || !carriesBoth(text)) return
      dropped = true
      const pid = (client as unknown as { processID: number }).processID
      await admin((c) => c.query('SELECT pg_terminate_backend($1)', [pid]))
      await new Promise((r) => setTimeout(r, 300))
    })
    await expect(d.store.observe(first, accepted)).rejects.toThrow()
    expect(dropped).toBe(true)
    await expect(claim).rejects.toThrow()
    // Nothing was written: the first is as its claim left it, the second still waits to be sent.
    expect(await rowOf(first)).toEqual({ status: 'submitting', attempts: 1 })
    expect(await rowOf(second)).toEqual({ status: 'queued', attempts: 0 })
  })

  it('a connection lost after the call wrote both leaves the next payout claimed, with no request made, for the recovery to ask about', async () => {
    const profile = await sitisProfile()
    const { d, first, second, claim } = await twoInARow([profile, profile])
    // The server wrote both; its reply never reaches the desk (the pool hands each query a callback).
    d.pool.on('acquire', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown
      Object.assign(client, {
        query: (...args: unknown[]) => {
          const done = args.at(-1) as ((error: unknown) => void) | undefined
          if (typeof done !== 'function' || !carriesBoth(String((args[0] as { text?: string }).text)))
            return query(...args)
          return query(...args.slice(0, -1), (error: unknown) => {
            const pid = (client as unknown as { processID: number }).processID
            void admin((c) => c.query('SELECT pg_terminate_backend($1)', [pid])).then(() =>
              done(error ?? new Error('Connection terminated unexpectedly')),
            )
          })
        },
      })
    })
    await expect(d.store.observe(first, accepted)).rejects.toThrow(/terminat/)
    await expect(claim).rejects.toThrow(/terminat/)
    expect(await rowOf(first)).toEqual({ status: 'processing', attempts: 1 })
    // Claimed by the call, unheard: it is mid-send with no request made, for the next recovery to ask about.
    expect(await rowOf(second)).toEqual({ status: 'submitting', attempts: 1 })
    expect(await d.store.payout(second)).toMatchObject({ status: 'submitting' })
  })
})
