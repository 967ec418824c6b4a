// Sending from the team ledger a chunk at a time (electron/payouts/send-each.ts, engine.sendEach, team
// migration 8's claim_payout_seen) on a real PostgreSQL server and the loopback sandbox: a profile read a
// chunk ago is never what decides where money goes, and a read that fails ends no process.
// Actions covered: sendForTeam's sending (engine.sendEach).
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { eventually } from '../support/eventually.ts'
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
const desk = desks.desk

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  await desks.close()
  await sandbox.close()
  await server?.stop()
})

const sitisProfile = () => sandboxTeamProfile(as, 'siti', sandbox)
const budiWrites = (profile: string, amountMinor: number, n: number) =>
  writeTeamPayout(as, 'budi', {
    profile,
    reference: `R${n}-${randomUUID().slice(0, 8)}`,
    amountMinor,
    fields: idrFields(`00${7_000_000 + n}`, `Person ${n}`),
  })

const rowOf = (id: string) =>
  admin((c) =>
    c.query<{ status: string; attempts: number; reference: string; attention: string | null }>(
      'SELECT status, attempts, reference, attention FROM payout_desk.payouts WHERE id = $1',
      [id],
    ),
  ).then((r) => r.rows[0])
const createsAtGateway = (reference: string) => sandbox.book.createAttempts('vexora', 'id', reference)
const moveProfile = (profile: string) =>
  as('siti', (c) =>
    c.query("UPDATE payout_desk.profiles SET merchant_id = 'ELSEWHERE' WHERE id = $1", [profile]),
  )

describe('sending a chunk at a time on the team ledger', { timeout: 120_000 }, () => {
  it('engine.send, one payout at a time, sends nothing once the profile left its account', async () => {
    const profile = await sitisProfile()
    const [first, second] = [await budiWrites(profile, 300_000, 401), await budiWrites(profile, 300_000, 402)]
    const d = await desk('budi', [profile])
    await d.engine.send(first)
    await moveProfile(profile)
    await d.engine.send(second)
    const row = await rowOf(second)
    expect(row).toMatchObject({ status: 'queued', attention: 'account_changed', attempts: 0 })
    expect(createsAtGateway(row?.reference ?? '')).toBe(0)
  })

  it('sendEach sends nothing to an account the profile left after the chunk read the profile', async () => {
    const profile = await sitisProfile()
    const [first, second] = [await budiWrites(profile, 300_000, 411), await budiWrites(profile, 300_000, 412)]
    const d = await desk('budi', [profile])
    // Siti points the profile at another merchant account while Budi's desk sends the first payout of
    // the chunk (after its claim): the second payout's turn comes after the move.
    const claim = d.store.claimForSubmit.bind(d.store)
    let moved = false
    d.store.claimForSubmit = async (id, from, lease) => {
      const claimed = await claim(id, from, lease)
      if (!moved) {
        moved = true
        await moveProfile(profile)
      }
      return claimed
    }
    await d.engine.sendEach([first, second], { concurrency: 1 })
    expect(moved).toBe(true)
    // Sent in the order listed: the first went; the second's turn came after the move.
    expect(createsAtGateway((await rowOf(first))?.reference ?? '')).toBe(1)
    const row = await rowOf(second)
    // As engine.send does (control above): kept queued for a person, not sent to the account left.
    expect({ ...row, creates: createsAtGateway(row?.reference ?? '') }).toMatchObject({
      status: 'queued',
      attention: 'account_changed',
      attempts: 0,
      creates: 0,
    })
  })

  it('a failed profile read of a payout another desk is sending is no unhandled rejection (it would end a command’s process)', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 421)
    const d = await desk('budi', [profile])
    const other = await desk('siti', [profile])
    expect(await other.store.takeLease(id, 'siti-laptop', 60_000)).toBe(true)
    // The server drops the connection the profile is read on (a restart, a network cut).
    let dropped = false
    d.pool.on('acquire', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown
      Object.assign(client, {
        query: async (...args: unknown[]) => {
          // A statement's text, given alone or in a named statement's config.
          const text =
            typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text
          if (!dropped && String(text).includes('FROM payout_desk.profiles WHERE id = $1')) {
            dropped = true
            const pid = (client as unknown as { processID: number }).processID
            await admin((c) => c.query('SELECT pg_terminate_backend($1)', [pid]))
            await new Promise((r) => setTimeout(r, 300))
          }
          return query(...args)
        },
      })
    })
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const settled: string[] = []
      await d.engine.sendEach([id], { onSettled: (s) => settled.push(s) })
      await new Promise((r) => setTimeout(r, 1_000))
      expect(dropped).toBe(true)
      expect(settled).toEqual([id])
      expect(unhandled.map(String)).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
      await other.store.releaseLease(id, 'siti-laptop')
    }
  })

  it('claims each worker’s next payout in the call that writes the answer before it, one payout at the gateway per worker', async () => {
    const profile = await sitisProfile()
    const ids: string[] = []
    for (let n = 0; n < 9; n++) ids.push(await budiWrites(profile, 300_000, 440 + n))
    const d = await desk('budi', [profile])
    // A gateway slower than a keychain read: every claim after a worker's first is ready to ride.
    sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 400, times: 9 })
    const claimed = new Set<string>()
    let [riding, atGateway, most] = [0, 0, 0]
    const watched = new WeakSet<object>()
    d.pool.on('acquire', (client) => {
      if (watched.has(client)) return
      watched.add(client)
      const query = client.query.bind(client) as (...args: unknown[]) => unknown
      Object.assign(client, {
        query: (...args: unknown[]) => {
          const { text = '', values = [] } = args[0] as { text?: string; values?: unknown[] }
          const answers = text.includes('observe_seen(')
          const claims = text.includes('claim_payout_seen(')
          // The answer's payout leaves the gateway; the claim's goes to it (counted as it is asked).
          if (answers && claimed.delete(String(values[claims ? 4 : 0]))) atGateway--
          if (claims) {
            claimed.add(String(values[0]))
            most = Math.max(most, ++atGateway)
          }
          if (answers && claims) riding++
          return query(...args)
        },
      })
    })
    await d.engine.sendEach(ids, { concurrency: 3 })
    for (const id of ids) expect(await rowOf(id)).toMatchObject({ status: 'processing', attempts: 1 })
    // A worker's first claim goes alone; every later one with the answer before it.
    expect(riding).toBe(ids.length - 3)
    expect(most).toBeLessThanOrEqual(3)
  })

  it('begins no payout once the desk drains (quit, Ctrl-C): those begun get their answers, the rest are neither begun nor told as done', async () => {
    const profile = await sitisProfile()
    const ids: string[] = []
    for (let n = 0; n < 60; n++) ids.push(await budiWrites(profile, 300_000, 500 + n))
    const statusOf = () =>
      admin((c) =>
        c.query<{ id: string; status: string }>(
          'SELECT id, status FROM payout_desk.payouts WHERE profile_id = $1',
          [profile],
        ),
      ).then((r) => new Map(r.rows.map((row) => [row.id, row.status])))
    const d = await desk('budi', [profile])
    sandbox.faults.add({ mode: 'slow', endpoint: 'create', delayMs: 300, times: 60 })
    const settled = new Set<string>()
    const sending = d.engine.sendEach(ids, { concurrency: 2, onSettled: (id) => settled.add(id) })
    await eventually(async () => expect([...(await statusOf()).values()]).toContain('submitting'), 20_000, 20)
    await d.engine.drain()
    await sending
    sandbox.faults.clear()
    const status = await statusOf()
    const left = ids.filter((id) => status.get(id) !== 'queued')
    expect([...status.values()]).not.toContain('submitting')
    for (const id of left) expect(settled.has(id)).toBe(true)
    // Begun and not claimed (at most the three each worker begins at once) are told; the rest never were.
    expect(settled.size).toBeLessThanOrEqual(left.length + 2 * 3)
    expect(left.length).toBeLessThan(30)
  })

  it('sends a queued payout while a file is still being written for its profile, without waiting for it', async () => {
    const profile = await sitisProfile()
    const ready = await budiWrites(profile, 300_000, 431)
    const d = await desk('budi', [profile])
    let outcome = 'unset'
    await as('siti', async (c) => {
      // Siti's import, still writing: its first payout holds the profile's lock until it commits.
      await c.query('BEGIN')
      await c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, $3, 50000, 'IDR', $4)`,
        [randomUUID(), profile, `CV-${randomUUID().slice(0, 8)}`, idrFields('0012340432', 'Person 432')],
      )
      const sent = d.engine.sendEach([ready]).then(() => 'sent')
      outcome = await Promise.race([sent, sleep(8_000).then(() => 'still waiting after 8 s')])
      await c.query('COMMIT')
      await sent
    })
    expect(outcome).toBe('sent')
    expect(createsAtGateway((await rowOf(ready))?.reference ?? '')).toBe(1)
  })
})
