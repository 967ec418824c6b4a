// A team batch's Retry (electron/actions/team-retry.ts: retryTeamBatch; team-retries.ts: teamRetryCandidates)
// on a real PostgreSQL server and the loopback sandbox (an account ending in 000 fails): the batch named is
// the batch meant, and what was paid again is said even when the rest could not be.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { insertTeamPayouts } from '../../electron/team/team-batches.ts'
import { retryForTeam, retryTeamBatch } from '../../electron/actions/team-retry.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { atTeamDesk } from '../../electron/services/team-desk.ts'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { teamRetryCandidates } from '../../electron/team/team-retries.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import {
  sandboxTeamProfile,
  teamOfTwoWithSandbox,
  writeRetryOf,
  writeTeamPayout,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
let profile = ''

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  profile = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Batch')
}, 180_000)
afterAll(async () => {
  await sandbox.close()
  await server?.stop()
})

const desk = ipcServicesSuite()

const IDR = payoutShape('vexora', 'ID') ?? expect.unreachable('Vexora pays Indonesia')

/** A batch Budi wrote, its payouts each to an account the sandbox refuses (ending in 000). */
async function failingBatch(tag: string, n: number, into = profile): Promise<string> {
  const batch = randomUUID()
  await as('budi', async (c) => {
    await c.query('BEGIN')
    await c.query(
      'INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, $3, $4)',
      [batch, into, `${tag}.csv`, randomUUID().replace(/-/g, '').padEnd(64, '0')],
    )
    // Written as a desk writes a file's (with each payee's keys, team migration 10).
    await insertTeamPayouts(
      c,
      { id: batch, profileId: into, currency: 'IDR', shape: IDR },
      Array.from({ length: n }, (_, k) => ({
        reference: `${tag}-${k + 1}`,
        amountMinor: 50_000,
        fields: idrFields(`00${tag.length}${k + 1}45000`, `${tag} Person ${k + 1}`),
        accepted: null,
      })),
    )
    await c.query('COMMIT')
  })
  return batch
}

/**
 * Budi's window, connected, holding the profile's secret: it sends a failing batch and learns that each
 * payout of it failed. Returns the batch.
 */
async function failedAtBudisDesk(tag: string, n: number, into = profile): Promise<string> {
  const url = new URL(urlFor('budi'))
  await desk.call('connectTeam', {
    server: `${url.host}${url.pathname}`,
    login: 'budi',
    password: PASSWORD.budi,
  })
  const batch = await failingBatch(tag, n, into)
  await desk.call('setTeamSecret', { profileId: into, secret: sandbox.credentials.vexora.secret })
  await desk.call('sendTeamPayouts')
  await sleep(3_500)
  await desk.call('refreshTeamPayouts')
  return batch
}

describe("a team batch's Retry", { timeout: 120_000 }, () => {
  it('names no batch for a start with a wildcard in it, rather than another batch', async () => {
    const batch = await failingBatch('WC', 1)
    // "1234%5678" is not how any batch starts: stripping the % makes it one that does.
    const typed = `${batch.slice(0, 4)}%${batch.slice(4, 8)}`
    const found = await admin((c) =>
      teamRetryCandidates(c, typed).then(
        (r) => r.batchId,
        (e: unknown) => (e as { code?: string }).code,
      ),
    )
    expect(found).toBe('NOT_FOUND')
  })

  it('reports what it paid again when a later payout of the batch is refused midway', async () => {
    const batch = await failedAtBudisDesk('MID', 3)
    const statuses = await admin((c) =>
      c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE batch_id = $1', [batch]),
    )
    expect(statuses.rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed'])

    const secrets = desk.services.secrets
    const outcome = await atTeamDesk({ url: urlFor('budi'), secrets }, async (d) => {
      let asked = 0
      const sendsFor = async () => {
        asked += 1
        // While Budi's Retry runs, Siti gives the profile a new secret (Settings → Team, Replace): from
        // the second payout on, this desk no longer holds the team's secret.
        if (asked === 2) {
          const check = senderCheckOf(await senderKeyOf('a-new-secret-siti-set', profile))
          await as('siti', (c) =>
            c.query('UPDATE payout_desk.profiles SET sender_check = $2 WHERE id = $1', [profile, check]),
          )
        }
        return d.sendsFor()
      }
      const shown = (await teamRetryCandidates(d.pool, batch)).payouts.map((p) => p.id)
      return retryTeamBatch({ ...d, sendsFor }, batch.slice(0, 8), shown).then(
        (r) => ({
          ok: true as const,
          retried: r.retried.map((x) => x.retryOf),
          left: r.left.map((l) => [l.reference, l.why.key]),
        }),
        (e: unknown) => ({ ok: false as const, error: String(e) }),
      )
    })
    const paidAgain = await admin((c) =>
      c.query<{ reference: string }>(
        `SELECT o.reference FROM payout_desk.payouts p JOIN payout_desk.payouts o ON o.id = p.retry_of
          WHERE o.batch_id = $1 ORDER BY 1`,
        [batch],
      ),
    ).then((r) => r.rows.map((x) => x.reference))
    expect(paidAgain).toEqual(['MID-1'])
    // The payout paying it again is found where its original is (team migration 10): by the same keys.
    const keyed = await admin((c) =>
      c.query<{ again: string | null; original: string | null }>(
        `SELECT p.payee_name_key || ' ' || p.payee_account_key AS again,
                ko.name_key || ' ' || ko.account_key AS original
           FROM payout_desk.payouts p JOIN payout_desk.payouts o ON o.id = p.retry_of
           LEFT JOIN payout_desk.payout_payees ko ON ko.payout_id = o.id WHERE o.batch_id = $1`,
        [batch],
      ),
    ).then((r) => r.rows)
    expect(keyed).toHaveLength(1)
    for (const k of keyed) {
      expect(k.original).not.toBeNull()
      expect(k.again).toBe(k.original)
    }
    // MID-1 was paid again (and sent): the answer says so, and names the rest with why.
    expect(outcome).toEqual({
      ok: true,
      retried: ['MID-1'],
      left: [
        ['MID-2', 'teamDecisionNeedsSecret'],
        ['MID-3', 'teamDecisionNeedsSecret'],
      ],
    })
    await secrets.delete(profile)
  })

  it('in the window: lists the batch, and pays again only what was shown, never a failure that came since', async () => {
    // A profile of its own: the test before gave Toko Batch a secret this desk does not hold.
    const own = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Window')
    const batch = await failedAtBudisDesk('WIN', 3, own)
    // WIN-3 as it was a moment before: still at the gateway when the window listed the batch.
    const third = await admin((c) =>
      c.query<{ id: string }>(
        "UPDATE payout_desk.payouts SET status = 'processing' WHERE reference = 'WIN-3' RETURNING id",
      ),
    ).then((r) => r.rows[0]?.id ?? '')
    const listed = (await desk.call('listTeamBatchesToRetry')).find((b) => b.batchId === batch)
    expect(listed).toMatchObject({
      fileName: 'WIN.csv',
      profile: 'Toko Window',
      environment: 'sandbox',
      count: 2,
      totalMinor: 100_000,
    })

    // Meanwhile WIN-1 is paid again on its own, and WIN-3 comes back failed: the same count, other payouts.
    const first = listed?.ids[0] ?? ''
    await desk.call('retryTeamPayout', { id: first })
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [third]))
    const again = await desk.call('retryTeamBatch', { batchId: batch, ids: listed?.ids ?? [] })
    // Only what was shown and is still to pay again: WIN-2. WIN-3's turn is the next look.
    expect(again.retried.map((r) => r.retryOf)).toEqual(['WIN-2'])
    expect(again.left).toEqual([])
    for (const r of again.retried) expect(sandbox.book.createAttempts('vexora', 'id', r.reference)).toBe(1)
    const retriedAs = await admin((c) =>
      c.query('SELECT 1 FROM payout_desk.payouts WHERE retry_of = $1', [third]),
    )
    expect(retriedAs.rowCount).toBe(0)
    expect((await desk.call('listTeamBatchesToRetry')).find((b) => b.batchId === batch)).toMatchObject({
      count: 1,
      ids: [third],
    })
    await desk.services.secrets.delete(own)
  })

  it('refuses to pay again at the old account when the payee was paid at another one while the gateway was asked', async () => {
    const own = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Moved')
    const batch = await failedAtBudisDesk('MOVED', 1, own)
    const [failed] = (await admin((c) => teamRetryCandidates(c, batch))).payouts
    expect(failed).toBeDefined()
    const original = failed?.id ?? ''
    // The gateway takes a while to answer the Retry's question; meanwhile Budi pays the same payee at
    // the account she gave since.
    sandbox.faults.add({ mode: 'slow', endpoint: 'query', delayMs: 1_500, times: 1 })
    const outcome = await atTeamDesk({ url: urlFor('budi'), secrets: desk.services.secrets }, async (d) => {
      const retry = retryForTeam(d, original).then(
        () => 'paid again',
        (e: unknown) => (e as { text?: { key?: string } }).text?.key ?? String(e),
      )
      while (sandbox.faults.pending().length > 0) await sleep(20)
      await as('budi', async (c) => {
        await c.query('BEGIN')
        await insertTeamPayouts(c, { id: null, profileId: own, currency: 'IDR', shape: IDR }, [
          {
            reference: 'MOVED-NEW',
            amountMinor: 50_000,
            fields: idrFields('0099145001', 'MOVED Person 1'),
            accepted: null,
          },
        ])
        await c.query('COMMIT')
      })
      return retry
    })
    expect(outcome).toBe('retryPayeeMoved')
    const again = await admin((c) =>
      c.query('SELECT 1 FROM payout_desk.payouts WHERE retry_of = $1', [original]),
    )
    expect(again.rowCount).toBe(0)
    await desk.services.secrets.delete(own)
  })

  it('refuses a Retry of a Retry within the limits once the first payout may have paid after all (review 77)', async () => {
    const own = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Chain')
    const batch = await failedAtBudisDesk('CHAIN', 1, own)
    const first = (await admin((c) => teamRetryCandidates(c, batch))).payouts[0]?.id ?? ''
    const budis = { url: urlFor('budi'), secrets: desk.services.secrets }
    // Paid again within the limits: it leaves at once, and fails too (the same account).
    const second = await atTeamDesk(budis, (d) => retryForTeam(d, first))
    await sleep(3_500)
    await desk.call('refreshTeamPayouts')
    const statusOf = (id: string) =>
      admin((c) => c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [id]))
    expect((await statusOf(second.id)).rows[0]?.status).toBe('failed')
    // The gateway now says the first one was paid after all: it waits for a person.
    await admin((c) =>
      c.query("UPDATE payout_desk.payouts SET attention = 'contradiction' WHERE id = $1", [first]),
    )
    const refused = await atTeamDesk(budis, (d) => retryForTeam(d, second.id)).then(
      () => 'paid again',
      (e: unknown) => (e as { text?: { key?: string } }).text?.key ?? String(e),
    )
    expect(refused).toBe('retryEarlierMayHavePaid')
    const third = await admin((c) =>
      c.query('SELECT 1 FROM payout_desk.payouts WHERE retry_of = $1', [second.id]),
    )
    expect(third.rowCount).toBe(0)
    await desk.services.secrets.delete(own)
  })

  it('refuses a Retry of a Retry once the gateway, asked now, says the first payout paid after all (review 78)', async () => {
    const own = await sandboxTeamProfile(as, 'siti', sandbox, 'Toko Late')
    const url = new URL(urlFor('budi'))
    await desk.call('connectTeam', {
      server: `${url.host}${url.pathname}`,
      login: 'budi',
      password: PASSWORD.budi,
    })
    await desk.call('setTeamSecret', { profileId: own, secret: sandbox.credentials.vexora.secret })
    const first = await writeTeamPayout(as, 'budi', {
      profile: own,
      reference: 'LATE-0',
      amountMinor: 50_000,
      fields: idrFields('0077001', 'Late Answer'),
    })
    await desk.call('sendTeamPayouts')
    await sleep(3_500)
    await desk.call('refreshTeamPayouts')
    const statusOf = (id: string) =>
      admin((c) =>
        c.query<{ status: string; attention: string | null }>(
          'SELECT status, attention FROM payout_desk.payouts WHERE id = $1',
          [id],
        ),
      ).then((r) => r.rows[0])
    expect(await statusOf(first)).toMatchObject({ status: 'succeeded' })
    // The book had it failed, and the gateway's late "paid" never reached it; its Retry was cancelled
    // before it left.
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [first]))
    const second = await as('budi', (c) => writeRetryOf(c, first, 'LATE-R1'))
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'cancelled' WHERE id = $1", [second]))

    const refused = await atTeamDesk({ url: urlFor('budi'), secrets: desk.services.secrets }, (d) =>
      retryForTeam(d, second),
    ).then(
      () => 'paid again',
      (e: unknown) => (e as { text?: { key?: string } }).text?.key ?? String(e),
    )
    expect(refused).toBe('retryEarlierMayHavePaid')
    expect(await statusOf(first)).toEqual({ status: 'failed', attention: 'contradiction' })
    expect(sandbox.book.list().filter((o) => o.fields.bankAccountNo === '0077001')).toHaveLength(1)
    await desk.services.secrets.delete(own)
  })
})
