// Team migration 17 (electron/team/team-retry-leave-schema.ts) on a real PostgreSQL server: a Retry is
// written, and leaves, only while no earlier payout of its chain may have paid (reviews 77 and 78): at psql,
// at every claim (first send, re-send, claim_payout called directly), whichever administrator login ran it.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { addBareProfile, writePayoutSet, writeRetryOf } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw', bookowner: 'the-db-owner-pw' }
const { as, admin, session } = teamSessions(() => server, PASSWORD)
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
const set = (id: string, column: 'status' | 'attention', value: string) =>
  admin((c) => c.query(`UPDATE payout_desk.payouts SET ${column} = $2 WHERE id = $1`, [id, value]))
const failed = (id: string) => set(id, 'status', 'failed')
const contradicted = (id: string) => set(id, 'attention', 'contradiction')
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

/**
 * Budi's desk, holding the profile's sending, claims the payout for a create request: a first send
 * (from queued) or a re-send (from unknown), through the desks' claim or migration 3's own.
 */
const claim = (id: string, from = ['queued'], fn = 'claim_payout_seen') =>
  as('budi', async (c: pg.ClientBase) => {
    const key = await senderKeyOf(SECRET, profile)
    const { rows } = await c.query<{ e: string }>(
      "SELECT payout_desk.take_send_lease($1, 'budi-desk', 60, $2)::text AS e",
      [profile, key],
    )
    const selected = fn === 'claim_payout' ? '(c).status' : '(c.claimed).status'
    const claimed = await c.query<{ status: string }>(
      `SELECT ${selected} FROM payout_desk.${fn}($1, $2, $3, 30) c`,
      [id, rows[0]?.e, from],
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
/** A Retry whose first send was claimed and never answered (its desk died): the claim left it unknown. */
const leftInDoubt = (id: string) =>
  admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'unknown', attempts = 1 WHERE id = $1", [id]))

beforeAll(async () => {
  server = await startPostgres()
  // The book is set up by the database's owner; migration 17 is run later by the server's superuser, a
  // login of its own (review 78 F4: a helper it made was not callable by the book's older functions).
  await admin(async (c) => {
    const db = (await c.query<{ d: string }>('SELECT current_database() AS d')).rows[0]?.d ?? ''
    await c.query(`CREATE ROLE bookowner LOGIN PASSWORD '${PASSWORD.bookowner}' CREATEROLE`)
    await c.query(`ALTER DATABASE ${db} OWNER TO bookowner`)
  })
  const ownerUrl = server.urlFor('bookowner', PASSWORD.bookowner)
  await initTeamLedger(ownerUrl, TEAM_MIGRATIONS.slice(0, 16))
  await addPerson(ownerUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(ownerUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await as('bookowner', async (c: pg.ClientBase) => {
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
    it('at 16: a Retry of a Retry within the limits was written, and a Retry was claimed for a send or a re-send, after the first payout was contradicted', async () => {
      const written = await failedTwice('Ayu', '3601')
      await contradicted(written.first)
      expect(await retryOf(written.second, 'Ayu-R1b')).toMatch(/^[0-9a-f-]{36}$/)

      const first = await queued('Bima-0', 'Bima', '3602')
      await failed(first)
      const retry = await retryOf(first, 'Bima-R1')
      await contradicted(first)
      expect(await claim(retry)).toEqual(['submitting'])
      await leftInDoubt(retry)
      expect(await claim(retry, ['unknown', 'submitting'])).toEqual(['submitting'])
    })

    it('at 17, run by another administrator: refuses to write a Retry of a Retry once an earlier payout of the chain may have paid', async () => {
      // A Retry written before the upgrade, still queued, is claimed after it as before.
      const before = await queued('Gita-0', 'Gita', '3607')
      await failed(before)
      const queuedBefore = await retryOf(before, 'Gita-R1')
      expect(await initTeamLedger(server?.adminUrl ?? '', TEAM_MIGRATIONS.slice(0, 17))).toEqual({
        from: 16,
        to: 17,
      })
      expect(await claim(queuedBefore)).toEqual(['submitting'])

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
      await set(first, 'status', 'succeeded')
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

    it('at 17: never sends again a Retry that may have left, once its original may have paid; nor through claim_payout itself', async () => {
      // Review 78 F2, F3: its first send was claimed and never answered; "not found" (or a person's
      // Resend) would send it again.
      const first = await queued('Fajar-0', 'Fajar', '3606')
      await failed(first)
      const retry = await retryOf(first, 'Fajar-R1')
      expect(await claim(retry)).toEqual(['submitting'])
      await leftInDoubt(retry)
      await contradicted(first)
      expect(await claim(retry, ['unknown', 'submitting', 'needs_review'])).toEqual([])
      expect(await claim(retry, ['unknown', 'submitting'], 'claim_payout')).toEqual([])
      expect(await rowOf(retry)).toMatchObject({
        status: 'unknown',
        last_error: '{"key":"noteRetryEarlierMayHavePaidNotAgain","params":{}}',
      })
      const queuedToo = await queued('Hana-0', 'Hana', '3608')
      await failed(queuedToo)
      const direct = await retryOf(queuedToo, 'Hana-R1')
      await contradicted(queuedToo)
      expect(await claim(direct, ['queued'], 'claim_payout')).toEqual([])
      expect((await rowOf(direct))?.status).toBe('cancelled')
    })

    it('at 17: a claim of a Retry and a second Retry of its original wait in turn, never deadlock (review 78 F5)', async () => {
      // The first payout's id sorts before its Retry's: the order by id the trigger once took crosswise.
      const first = '00000000-0000-4000-8000-000000000017'
      const r1 = 'ffffffff-0000-4000-8000-000000000017'
      await as('budi', (c) =>
        c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
           VALUES ($1, $2, 'LO-0', 50000, 'IDR', $3)`,
          [first, profile, idrFields('8801', 'Lock Order')],
        ),
      )
      await failed(first)
      await as('budi', (c) =>
        c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, retry_of)
           SELECT $1, profile_id, 'LO-R1', amount_minor, currency, fields, id FROM payout_desk.payouts WHERE id = $2`,
          [r1, first],
        ),
      )
      await failed(r1)
      const r2 = await retryOf(r1, 'LO-R2')
      // Another desk's second Retry of R1 holds R1's row (taken first here, so the order is the same each run).
      const other = await session('budi')
      await other.query('BEGIN')
      await other.query('SELECT 1 FROM payout_desk.lock_payout($1)', [r1])
      const claimed = claim(r2).then(
        (rows) => rows.join(),
        (e: unknown) => `refused ${(e as { code?: string }).code}`,
      )
      await new Promise((done) => setTimeout(done, 500))
      const second = await other
        .query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, retry_of)
           SELECT $1, profile_id, 'LO-R2b', amount_minor, currency, fields, id FROM payout_desk.payouts WHERE id = $2`,
          [randomUUID(), r1],
        )
        .then(
          () => 'written',
          (e: unknown) => `refused ${(e as { code?: string }).code}`,
        )
      await other.query('ROLLBACK')
      await other.end()
      // R1 is paid again once (R2): the second is refused as such, and the claim goes on after it.
      expect(second).toBe('refused 23505')
      expect(await claimed).toBe('submitting')
    })
  },
)
