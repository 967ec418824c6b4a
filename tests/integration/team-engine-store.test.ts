// The engine on the team ledger (electron/team/team-engine-store.ts, team migration 3): the same sending
// rules as on a desk's own ledger, against a real PostgreSQL server and the loopback sandbox, with the
// secrets in the real keychain. Actions covered: send (engine.send, engine.recover), refresh.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EnginePayout } from '../../electron/ledger/payout-store.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { senderKeyOf } from '../../electron/team/sender-key.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamEngineDesks } from '../support/team-engine-desks.ts'
import { APPROVE_ACKNOWLEDGING, refusal, teamSessions } from '../support/team-sessions.ts'

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

/** Siti's Vexora profile at the sandbox, with a per-payout limit of 1,000,000. */
const sitisProfile = () => sandboxTeamProfile(as, 'siti', sandbox)

/** Budi writes a payout at his desk: queued, or awaiting approval over the limit. */
const budiWrites = (profile: string, amountMinor: number, n: number) =>
  writeTeamPayout(as, 'budi', {
    profile,
    reference: `T${n}-${randomUUID().slice(0, 8)}`,
    amountMinor,
    fields: idrFields(`00${7_000_000 + n}`, `Person ${n}`),
  })

const rowOf = (id: string) =>
  admin((c) =>
    c.query<{ status: string; attempts: number; reference: string }>(
      'SELECT status, attempts, reference FROM payout_desk.payouts WHERE id = $1',
      [id],
    ),
  ).then((r) => r.rows[0])
/** The statements a desk's pool sends the server from now on, in order. */
function statementsOf(pool: pg.Pool): string[] {
  const sent: string[] = []
  const watched = new WeakSet<pg.PoolClient>()
  pool.on('acquire', (client) => {
    if (watched.has(client)) return
    watched.add(client)
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const [text] = args
        sent.push(typeof text === 'string' ? text : String((text as { text?: string }).text))
        return query(...args)
      },
    })
  })
  return sent
}

const createsAtGateway = (reference: string) => sandbox.book.createAttempts('vexora', 'id', reference)

describe('the engine on the team ledger', { timeout: 120_000 }, () => {
  it('sends what needs no approval, never what waits; once the owner approves, another desk sends it, each once', async () => {
    const profile = await sitisProfile()
    const small = [await budiWrites(profile, 250_000, 1), await budiWrites(profile, 400_000, 2)]
    const big = await budiWrites(profile, 5_000_000, 3)
    const budisDesk = await desk('budi', [profile])
    // Starting asks only about doubt (none here); then the desk sends what is queued.
    expect(await budisDesk.engine.recover()).toEqual([])
    await Promise.all(small.map((id) => budisDesk.engine.send(id)))
    for (const id of small) {
      const row = await rowOf(id)
      expect(['processing', 'succeeded']).toContain(row?.status)
      expect(row?.attempts).toBe(1)
      expect(createsAtGateway(row?.reference ?? '')).toBe(1)
    }
    // Over the limit: Budi's desk may try, but it is not claimed, and nothing leaves.
    await budisDesk.engine.send(big)
    const waiting = await rowOf(big)
    expect(waiting).toMatchObject({ status: 'awaiting_approval', attempts: 0 })
    expect(createsAtGateway(waiting?.reference ?? '')).toBe(0)
    // Siti approves it at her own desk, which sends it; Budi's desk sending it too changes nothing.
    await as('siti', (c) => c.query(APPROVE_ACKNOWLEDGING, [[big], 5_000_000]))
    const sitisDesk = await desk('siti', [profile])
    await Promise.all([sitisDesk.engine.send(big), budisDesk.engine.send(big)])
    const sent = await rowOf(big)
    expect(['processing', 'succeeded']).toContain(sent?.status)
    expect(sent?.attempts).toBe(1)
    expect(createsAtGateway(sent?.reference ?? '')).toBe(1)
  })

  it('two desks sending the same payouts at once: each payout leaves once', async () => {
    const profile = await sitisProfile()
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, n) => budiWrites(profile, 100_000 + n, 10 + n)),
    )
    const [a, b] = [await desk('budi', [profile]), await desk('siti', [profile])]
    await Promise.all([...ids.map((id) => a.engine.send(id)), ...ids.map((id) => b.engine.send(id))])
    // A payout the other desk held at that moment is left to it; whatever is still queued is sent next.
    await Promise.all([a.engine.recover(), b.engine.recover()])
    for (const id of ids) {
      const row = await rowOf(id)
      expect(['processing', 'succeeded']).toContain(row?.status)
      expect(createsAtGateway(row?.reference ?? '')).toBe(1)
    }
  })

  it('a desk sending many at once keeps its own lease: none of its answers is refused, none left behind', async () => {
    const profile = await sitisProfile()
    const ids: string[] = []
    for (let n = 0; n < 40; n++) ids.push(await budiWrites(profile, 200_000 + n, 100 + n))
    const busy = await desk('budi', [profile])
    let next = 0
    const worker = async () => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) await busy.engine.send(id)
    }
    await Promise.all(Array.from({ length: 6 }, worker))
    for (const id of ids) {
      const row = await rowOf(id)
      expect(['processing', 'succeeded'], id).toContain(row?.status)
      expect(row?.attempts).toBe(1)
    }
  })

  it("a desk without the profile's secret sends nothing, and the payout waits for one that has it", async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 30)
    const bare = await desk('budi', [])
    // It cannot take the profile's sending: the ledger asks for the key only the secret gives.
    expect(await bare.engine.send(id)).toBe('queued')
    const row = await rowOf(id)
    expect(row).toMatchObject({ status: 'queued', attempts: 0 })
    expect(createsAtGateway(row?.reference ?? '')).toBe(0)
  })

  it("a desk that lost the profile's sending cannot write its answer over the next desk's", async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 40)
    const hung = await desk('budi', [profile])
    const next = await desk('siti', [profile])
    expect(await hung.store.takeLease(id, 'budi-laptop', 1_000)).toBe(true)
    expect(
      await hung.store.claimForSubmit(id, ['queued'], { owner: 'budi-laptop', ms: 1_000 }),
    ).toMatchObject({
      status: 'submitting',
      attempts: 1,
    })
    // Budi's laptop hangs past its lease; Siti's desk takes the profile's sending over.
    await new Promise((r) => setTimeout(r, 1_300))
    expect(await next.store.takeLease(id, 'siti-desk', 60_000)).toBe(true)
    // The laptop wakes with its answer: refused, the payout as the next desk holds it.
    const late = { to: 'failed' as const, source: 'create' as const, nextCheckAt: null }
    expect(await refusal(hung.store.observe(id, late))).toBe('PD003')
    expect(await rowOf(id)).toMatchObject({ status: 'submitting', attempts: 1 })
    // Nor may it claim again under its old epoch.
    expect(
      await hung.store.claimForSubmit(id, ['submitting'], { owner: 'budi-laptop', ms: 1_000 }),
    ).toBeNull()
    await next.store.releaseLease(id, 'siti-desk')
  })

  it('a desk killed mid-send: the next one asks the gateway about each payout it left, and sends none blindly', async () => {
    const profile = await sitisProfile()
    const [arrived, never] = [await budiWrites(profile, 310_000, 60), await budiWrites(profile, 320_000, 61)]
    const killed = await desk('budi', [profile])
    for (const id of [arrived, never]) {
      expect(await killed.store.takeLease(id, 'budi-laptop', 1_000)).toBe(true)
      expect(
        await killed.store.claimForSubmit(id, ['queued'], { owner: 'budi-laptop', ms: 1_000 }),
      ).not.toBeNull()
    }
    // One request reached the gateway before the laptop died, the other never left it.
    const [payout, account] = [await killed.store.payout(arrived), await killed.store.profile(profile)]
    if (!payout || !account) throw new Error('the payout or its profile is missing')
    const client = await killed.resolveClient(account)
    const { reference, amountMinor, currency, fields } = payout
    expect((await client.create({ reference, amountMinor, currency, fields })).kind).toBe('accepted')
    await new Promise((r) => setTimeout(r, 1_300))
    // Siti's desk starts: both were in doubt, and it asks about each. The one that arrived is followed;
    // Vexora's "order does not exist" may only mean "not yet", so the other stays in doubt, for a person,
    // not sent again. (Payouts of other profiles, whose secrets this desk lacks, stay in doubt too.)
    const sitisDesk = await desk('siti', [profile])
    const left = await sitisDesk.engine.recover()
    expect(left).not.toContain(arrived)
    expect(left).toContain(never)
    const followed = await rowOf(arrived)
    expect(followed).toMatchObject({ attempts: 1 })
    expect(['processing', 'succeeded']).toContain(followed?.status)
    expect(createsAtGateway(followed?.reference ?? '')).toBe(1)
    const asked = await rowOf(never)
    expect(asked).toMatchObject({ status: 'unknown', attempts: 1 })
    expect(createsAtGateway(asked?.reference ?? '')).toBe(0)
  })

  it('reads the server’s times in the desk’s own clock: a desk 11 minutes fast sees a claim as just made', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 330_000, 62)
    const fast = () => Date.now() + 11 * 60_000
    const claimer = await desk('budi', [profile])
    expect(await claimer.store.takeLease(id, 'budi-laptop', 60_000)).toBe(true)
    expect(
      await claimer.store.claimForSubmit(id, ['queued'], { owner: 'budi-laptop', ms: 60_000 }),
    ).not.toBeNull()
    // Ten minutes must pass after an attempt before "not found" may mean "never arrived" (answers.ts):
    // judged by this desk's clock, the attempt is seconds old, not eleven minutes.
    const later = await desk('siti', [profile], fast)
    const seen = await later.store.payout(id)
    expect(fast() - (seen?.lastAttemptAt ?? 0)).toBeLessThan(60_000)
    expect(fast() - (seen?.lastAttemptAt ?? 0)).toBeGreaterThanOrEqual(0)
    await claimer.store.releaseLease(id, 'budi-laptop')
  })

  it('a gateway’s callback is written under the profile’s sending: taken for the moment, refused while another desk holds it', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 60)
    const sitis = await desk('siti', [profile])
    const budis = await desk('budi', [profile])
    // Siti's desk is sending for the profile; Budi's desk receives a callback meanwhile.
    expect(await sitis.store.takeLease(id, 'siti-desk', 60_000)).toBe(true)
    const said = { to: 'cancelled' as const, source: 'callback' as const, nextCheckAt: null }
    await expect(budis.store.observe(id, said)).rejects.toMatchObject({
      code: 'CONFLICT',
      text: { key: 'teamSendingElsewhere' },
    })
    expect(await rowOf(id)).toMatchObject({ status: 'queued' })
    // Once the sending is free, the desk receiving the callback writes it, and leaves the sending free.
    await sitis.store.releaseLease(id, 'siti-desk')
    expect(await budis.store.observe(id, said)).toMatchObject({
      from: 'queued',
      to: 'cancelled',
      changed: true,
    })
    expect(await sitis.store.takeLease(id, 'siti-desk', 60_000)).toBe(true)
  })

  it('a callback written while this desk starts sending the same payout leaves the send its sending', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 63)
    const d = await desk('budi', [profile])
    let sending: Promise<boolean> | undefined
    // The callback takes the profile's sending for itself; the engine starts a send meanwhile.
    await d.store.observe(id, (current) => {
      sending = d.store.takeLease(id, d.deskName, 60_000)
      return { to: current.status, source: 'callback', nextCheckAt: null }
    })
    expect(await sending).toBe(true)
    // The callback is done; the send still holds its sending, and claims the payout under it.
    const claimed = await d.store.claimForSubmit(id, ['queued'], { owner: d.deskName, ms: 60_000 })
    expect(claimed).toMatchObject({ status: 'submitting', attempts: 1 })
    await d.store.releaseLease(id, d.deskName)
  })

  it('sends many with a claim and an answer a payout, each once, never one that waits or left already', async () => {
    const profile = await sitisProfile()
    const queued: string[] = []
    for (let n = 0; n < 10; n++) queued.push(await budiWrites(profile, 200_000 + n, 200 + n))
    const [big, gone] = [await budiWrites(profile, 5_000_000, 210), await budiWrites(profile, 200_000, 211)]
    const d = await desk('budi', [profile])
    // Listed as queued, sent by the time its turn comes.
    await d.engine.send(gone)
    const ids = [...queued, big, gone, randomUUID()]
    const sent = statementsOf(d.pool)
    const settled: string[] = []
    await d.engine.sendEach(ids, { concurrency: 3, onSettled: (id) => settled.push(id) })
    expect(settled.sort()).toEqual([...ids].sort())
    for (const id of [...queued, gone]) {
      const row = await rowOf(id)
      expect(['processing', 'succeeded'], id).toContain(row?.status)
      expect(row?.attempts).toBe(1)
      expect(createsAtGateway(row?.reference ?? '')).toBe(1)
    }
    expect(await rowOf(big)).toMatchObject({ status: 'awaiting_approval', attempts: 0 })
    const claims = sent.filter((q) => q.includes('payout_desk.claim_payout_seen('))
    const answers = sent.filter((q) => q.includes('payout_desk.observe_seen('))
    expect([claims.length, answers.length]).toEqual([10, 10])
    // Besides: the payouts and their profile read a chunk at a time, and the profile's sending taken once.
    expect(sent.length).toBeLessThanOrEqual(20 + 6)
  })

  it('sends nothing to an account its profile left, nor puts back on its way a payout claimed since it was read', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 220)
    const d = await desk('budi', [profile])
    const other = await desk('siti', [profile])
    // Between the read of the chunk and the payout's turn: Siti's laptop claims the payout and dies (its
    // lease lapses), and Siti points the profile at another merchant account.
    const read = d.store.payouts.bind(d.store)
    d.store.payouts = async (ids) => {
      const found = await read(ids)
      expect(await other.store.takeLease(id, 'siti-laptop', 1_000)).toBe(true)
      const lease = { owner: 'siti-laptop', ms: 1_000 }
      expect(await other.store.claimForSubmit(id, ['queued'], lease)).not.toBeNull()
      await as('siti', (c) =>
        c.query("UPDATE payout_desk.profiles SET merchant_id = 'ELSEWHERE' WHERE id = $1", [profile]),
      )
      await new Promise((r) => setTimeout(r, 1_300))
      return found
    }
    await d.engine.sendEach([id])
    // Still in doubt where the laptop left it, for a person: not queued again, and not sent.
    const row = await rowOf(id)
    expect(row).toMatchObject({ status: 'submitting', attempts: 1 })
    expect(createsAtGateway(row?.reference ?? '')).toBe(0)
  })

  it('writes the answer to a claim in one call; a row written meanwhile is judged again, as it is now', async () => {
    const profile = await sitisProfile()
    const [quiet, called] = [await budiWrites(profile, 300_000, 65), await budiWrites(profile, 300_000, 66)]
    const d = await desk('budi', [profile])
    const sent = statementsOf(d.pool)
    const lease = { owner: d.deskName, ms: 60_000 }
    for (const id of [quiet, called]) {
      expect(await d.store.takeLease(id, d.deskName, lease.ms)).toBe(true)
      expect(await d.store.claimForSubmit(id, ['queued'], lease)).toMatchObject({ status: 'submitting' })
    }
    const judgedAgainst: string[] = []
    const accepted = (current: EnginePayout) => {
      judgedAgainst.push(current.status)
      return { to: 'succeeded' as const, source: 'create' as const, acknowledged: true, nextCheckAt: null }
    }
    sent.length = 0
    expect(await d.store.observe(quiet, accepted)).toEqual({
      from: 'submitting',
      to: 'succeeded',
      changed: true,
    })
    expect(sent).toEqual([expect.stringContaining('payout_desk.observe_seen(')])
    // Another process of Budi's desk writes a callback about the other payout before the answer arrives.
    const epoch = await admin((c) =>
      c.query<{ e: string }>('SELECT epoch::text AS e FROM payout_desk.send_leases WHERE profile_id = $1', [
        profile,
      ]),
    ).then((r) => r.rows[0]?.e)
    await as('budi', (c) =>
      c.query('SELECT payout_desk.observe_answer($1, $2, $3)', [
        called,
        epoch,
        { verdict: 'apply', to: 'processing', observed: 'processing', source: 'callback' },
      ]),
    )
    judgedAgainst.length = 0
    expect(await d.store.observe(called, accepted)).toEqual({
      from: 'processing',
      to: 'succeeded',
      changed: true,
    })
    expect(judgedAgainst).toEqual(['submitting', 'processing'])
    expect(await rowOf(called)).toMatchObject({ status: 'succeeded', attempts: 1 })
    for (const id of [quiet, called]) await d.store.releaseLease(id, d.deskName)
  })

  it('a connection dropped while the answer is judged again, locked, fails that answer, not the process', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 67)
    const d = await desk('budi', [profile])
    const lease = { owner: d.deskName, ms: 60_000 }
    expect(await d.store.takeLease(id, d.deskName, lease.ms)).toBe(true)
    expect(await d.store.claimForSubmit(id, ['queued'], lease)).toMatchObject({ status: 'submitting' })
    // The row is written meanwhile (a callback of another process of Budi's desk): the locked path runs.
    const epoch = await admin((c) =>
      c.query<{ e: string }>('SELECT epoch::text AS e FROM payout_desk.send_leases WHERE profile_id = $1', [
        profile,
      ]),
    ).then((r) => r.rows[0]?.e)
    await as('budi', (c) =>
      c.query('SELECT payout_desk.observe_answer($1, $2, $3)', [
        id,
        epoch,
        { verdict: 'apply', to: 'processing', observed: 'processing', source: 'callback' },
      ]),
    )
    // The server ends the connection between the transaction's BEGIN and its lock of the row.
    let dropped = false
    d.pool.on('acquire', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
      Object.assign(client, {
        query: async (...args: unknown[]) => {
          if (!dropped && String(args[0]).includes('lock_payout(')) {
            dropped = true
            const pid = (client as unknown as { processID: number }).processID
            await admin((c) => c.query('SELECT pg_terminate_backend($1)', [pid]))
            await new Promise((r) => setTimeout(r, 300))
          }
          return query(...args)
        },
      })
    })
    const accepted = () => ({
      to: 'succeeded' as const,
      source: 'create' as const,
      acknowledged: true,
      nextCheckAt: null,
    })
    await expect(d.store.observe(id, accepted)).rejects.toThrow()
    expect(dropped).toBe(true)
    expect(await rowOf(id)).toMatchObject({ status: 'processing', attempts: 1 })
    // The broken connection is not lent again: the answer, told again, is judged and written.
    expect(await d.store.observe(id, accepted)).toEqual({
      from: 'processing',
      to: 'succeeded',
      changed: true,
    })
    await d.store.releaseLease(id, d.deskName)
  })

  it('a person with psql writes no answer without the secret, and with it moves no payout past the state machine, a claim or an approval', async () => {
    const profile = await sitisProfile()
    const queued = await budiWrites(profile, 300_000, 50)
    const big = await budiWrites(profile, 5_000_000, 51)
    const budi = <T>(sql: string, params: unknown[]) =>
      as('budi', (c) => c.query<T & pg.QueryResultRow>(sql, params))
    const observe = (id: string, plan: object, epoch: string | null = null) =>
      refusal(budi('SELECT payout_desk.observe_answer($1, $2, $3)', [id, epoch, plan]))
    // No answer outside the profile's sending: migration 3 took a missing epoch as a callback's, and any
    // login could mark a paid payout failed (freeing the day's limit). Its function is no one's now.
    expect(await observe(queued, { verdict: 'apply', to: 'cancelled' })).toBe('PD003')
    expect(
      await refusal(
        budi('SELECT payout_desk.observe_payout($1, NULL, $2)', [
          queued,
          { verdict: 'apply', to: 'cancelled' },
        ]),
      ),
    ).toBe('42501')
    expect(
      await refusal(budi("SELECT payout_desk.keep_exchange($1, 'query', 'found', '{}')", [queued])),
    ).toBe('PD003')
    // The sending is taken only with the key derived from the secret: not by guessing, not the old way.
    expect(
      await refusal(budi("SELECT payout_desk.take_send_lease($1, 'psql', 30, 'a guess')", [profile])),
    ).toBe('PD005')
    expect(await refusal(budi("SELECT payout_desk.take_send_lease($1, 'psql', 30)", [profile]))).toBe('42501')
    // Budi holds the secret (he sends for the profile): even so, only the state machine's moves.
    const key = await senderKeyOf(sandbox.credentials.vexora.secret, profile)
    const epoch = await budi<{ e: string }>(
      "SELECT payout_desk.take_send_lease($1, 'psql', 30, $2)::text AS e",
      [profile, key],
    ).then((r) => r.rows[0]?.e ?? '')
    // Out of "awaiting approval" by an observation: no such move.
    expect(await observe(big, { verdict: 'apply', to: 'queued' }, epoch)).toBe('PD004')
    // Paid without ever being sent, or put on its way without a claim: refused.
    expect(await observe(queued, { verdict: 'apply', to: 'succeeded' }, epoch)).toBe('PD004')
    expect(await observe(queued, { verdict: 'apply', to: 'submitting' }, epoch)).toBe('PD004')
    // "The same" about a status it does not have, or a person's decision: refused.
    expect(await observe(queued, { verdict: 'same', to: 'failed' }, epoch)).toBe('PD004')
    expect(await observe(queued, { verdict: 'apply', to: 'cancelled', byPerson: true }, epoch)).toBe('42501')
    // A claim under an epoch that is not the sending's, or of a payout awaiting approval even with it.
    const claim = (id: string, at: string, from: string[]) =>
      refusal(budi('SELECT payout_desk.claim_payout($1, $2, $3, 30)', [id, at, from]))
    expect(await claim(queued, String(Number(epoch) + 1), ['queued'])).toBe('PD003')
    expect(await claim(big, epoch, ['awaiting_approval'])).toBe('23514')
    const claimed = await budi("SELECT * FROM payout_desk.claim_payout($1, $2, ARRAY['queued'], 30)", [
      big,
      epoch,
    ]).then((r) => r.rowCount)
    expect(claimed).toBe(0)
    expect(await rowOf(big)).toMatchObject({ status: 'awaiting_approval', attempts: 0 })
    expect(await rowOf(queued)).toMatchObject({ status: 'queued', attempts: 0 })
  })

  it('quitting while a check that decided to send again runs still makes the re-send its note promised', async () => {
    const profile = await sitisProfile()
    const id = await budiWrites(profile, 300_000, 70)
    const d = await desk('budi', [profile])
    // A gateway that answers "no such order" (BluePay does; the Vexora sandbox is wrapped to say so).
    const engine = createEngine({
      store: d.store,
      owner: d.deskName,
      settleMs: 0,
      resolveClient: async (p) => {
        const client = await d.resolveClient(p)
        return {
          ...client,
          create: client.create.bind(client),
          query: async (reference: string) => ({
            kind: 'not_found' as const,
            exchange: (await client.query(reference)).exchange,
          }),
        }
      },
    })
    // Claimed and never sent: a desk that died between its claim and its request.
    const lease = { owner: d.deskName, ms: 60_000 }
    expect(await d.store.takeLease(id, d.deskName, lease.ms)).toBe(true)
    expect(await d.store.claimForSubmit(id, ['queued'], lease)).toMatchObject({ status: 'submitting' })
    await d.store.releaseLease(id, d.deskName)
    // The person quits right after the check wrote that it sends again.
    const observe = d.store.observe.bind(d.store)
    let quitting: Promise<void> | undefined
    d.store.observe = async (...args) => {
      const result = await observe(...args)
      quitting ??= engine.drain(5_000)
      return result
    }
    await engine.refresh(id)
    await quitting
    const row = await rowOf(id)
    expect(row?.attempts).toBe(2)
    expect(createsAtGateway(row?.reference ?? '')).toBe(1)
  })
})
