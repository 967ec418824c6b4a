// Team migration 17 (electron/team/team-retry-leave-schema.ts) on a real PostgreSQL server: a Retry is
// written, and leaves, only while no earlier payout of its chain may have paid (review 77): at psql, and
// through a desk's Retry (actions/team-retry.ts).
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { addBareProfile, writePayoutSet, writeRetryOf } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
const SECRET = 'the-gateway-secret-of-toko'
let profile = ''

/** Written by Budi as a desk writes it, within the limits: it is queued at once. Returns its id. */
async function queued(reference: string, name: string, account: string) {
  await as('budi', (c) =>
    writePayoutSet(c, profile, null, [{ name, account, reference, amountMinor: 50_000 }]),
  )
  return idOf(reference)
}
const idOf = (reference: string) =>
  admin((c) =>
    c
      .query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE reference = $1', [reference])
      .then((r) => r.rows[0]?.id ?? ''),
  )
const failed = (id: string) =>
  admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [id]))
const contradicted = (id: string) =>
  admin((c) => c.query("UPDATE payout_desk.payouts SET attention = 'contradiction' WHERE id = $1", [id]))
const retryOf = (original: string, reference: string) =>
  as('budi', (c) => writeRetryOf(c, original, reference))

/** The first payout failed and its Retry failed too: the chain a Retry of a Retry continues. */
async function failedTwice(name: string, account: string) {
  const first = await queued(`${name}-0`, name, account)
  await failed(first)
  const second = await retryOf(first, `${name}-R1`)
  await failed(second)
  return { first, second }
}

/** Budi's desk, holding the profile's sending, claims the payout for its first send. */
const claim = (id: string) =>
  as('budi', async (c: pg.ClientBase) => {
    const key = await senderKeyOf(SECRET, profile)
    const { rows } = await c.query<{ e: string }>(
      "SELECT payout_desk.take_send_lease($1, 'budi-desk', 60, $2)::text AS e",
      [profile, key],
    )
    const claimed = await c.query<{ status: string }>(
      "SELECT (c.claimed).status FROM payout_desk.claim_payout_seen($1, $2, ARRAY['queued'], 30) c",
      [id, rows[0]?.e],
    )
    await c.query('SELECT payout_desk.release_send_lease($1, $2)', [profile, rows[0]?.e])
    return claimed.rows.map((r) => r.status)
  })
const rowOf = (id: string) =>
  admin((c) =>
    c
      .query<{ status: string; last_error: string | null; reasons: string[] }>(
        `SELECT status, last_error,
                ARRAY(SELECT e.detail->>'reason' FROM payout_desk.payout_events e
                       WHERE e.payout_id = p.id AND e.detail ? 'reason') AS reasons
           FROM payout_desk.payouts p WHERE id = $1`,
        [id],
      )
      .then((r) => r.rows[0]),
  )

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 16))
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await admin(async (c: pg.ClientBase) => {
    const id = await addBareProfile(c)
    const check = senderCheckOf(await senderKeyOf(SECRET, id))
    await c.query(
      'UPDATE payout_desk.profiles SET per_payout_minor = 1000000, sender_check = $2 WHERE id = $1',
      [id, check],
    )
    return id
  })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe(
  'team migration 17: a Retry is written and leaves only while its chain did not pay',
  { timeout: 120_000 },
  () => {
    it('at 16: a Retry of a Retry within the limits was written, and a queued Retry was claimed, after the first payout was contradicted', async () => {
      const written = await failedTwice('Ayu', '3601')
      await contradicted(written.first)
      expect(await retryOf(written.second, 'Ayu-R2')).toMatch(/^[0-9a-f-]{36}$/)

      const first = await queued('Bima-0', 'Bima', '3602')
      await failed(first)
      const retry = await retryOf(first, 'Bima-R1')
      await contradicted(first)
      expect(await claim(retry)).toEqual(['submitting'])
    })

    it('at 17: refuses to write a Retry of a Retry once an earlier payout of the chain may have paid', async () => {
      expect(await initTeamLedger(server?.adminUrl ?? '', TEAM_MIGRATIONS.slice(0, 17))).toEqual({
        from: 16,
        to: 17,
      })
      const chain = await failedTwice('Cici', '3603')
      await contradicted(chain.first)
      await expect(retryOf(chain.second, 'Cici-R2')).rejects.toMatchObject({
        code: 'PD016',
        detail: 'Cici-R1',
      })
      expect(await idOf('Cici-R2')).toBe('')
      // Settled by a person as not paid after all: the chain is plain again, and the Retry is written.
      await admin((c) =>
        c.query('UPDATE payout_desk.payouts SET attention = NULL WHERE id = $1', [chain.first]),
      )
      expect(await retryOf(chain.second, 'Cici-R2')).toMatch(/^[0-9a-f-]{36}$/)
    })

    it('at 17: cancels, never sends, a queued Retry whose original may have paid since it was written', async () => {
      const first = await queued('Dewi-0', 'Dewi', '3604')
      await failed(first)
      const retry = await retryOf(first, 'Dewi-R1')
      await admin((c) =>
        c.query("UPDATE payout_desk.payouts SET status = 'succeeded' WHERE id = $1", [first]),
      )
      expect(await claim(retry)).toEqual([])
      expect(await rowOf(retry)).toEqual({
        status: 'cancelled',
        last_error: '{"key":"noteRetryEarlierMayHavePaid","params":{}}',
        reasons: ['earlier_may_have_paid'],
      })
      // A Retry whose chain is plainly unpaid leaves as before.
      const plain = await queued('Eka-0', 'Eka', '3605')
      await failed(plain)
      expect(await claim(await retryOf(plain, 'Eka-R1'))).toEqual(['submitting'])
    })
  },
)
