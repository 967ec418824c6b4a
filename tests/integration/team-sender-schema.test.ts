// Team migration 5 (electron/team/team-sender-schema.ts) on a real PostgreSQL server: the senders' check
// an owner sets, a send lease only for a desk showing the key derived from the secret, taking over only
// one's own gone desk, and a reference once per gateway account.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw', wati: 'wati-owner-passphrase' }
const { as, admin } = teamSessions(() => server, PASSWORD)
const SECRET = 'the-gateway-secret-of-acme'
const older = randomUUID()

const newProfile = (merchant = 'M1') =>
  as('siti', async (c) => {
    const id = randomUUID()
    await c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, $2, 'vexora', 'sandbox', 'http://127.0.0.1:9', $3, 'IDR')`,
      [id, `P ${id.slice(0, 8)}`, merchant],
    )
    return id
  })

const pay = (c: pg.Client, profile: string, reference: string) =>
  c.query(
    `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
     VALUES ($1, $2, $3, 1000, 'IDR', '{}')`,
    [randomUUID(), profile, reference],
  )

const take = (c: pg.Client, profile: string, desk: string, key: string | null) =>
  c
    .query<{ e: string | null }>('SELECT payout_desk.take_send_lease($1, $2, 1, $3)::text AS e', [
      profile,
      desk,
      key,
    ])
    .then((r) => r.rows[0]?.e ?? null)

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 4))).toEqual({ from: 0, to: 4 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'wati', role: 'owner', password: PASSWORD.wati })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  const profile = await newProfile()
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, 'OLD-1', 1000, 'IDR', '{}')`,
      [older, profile],
    ),
  )
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 5))).toEqual({ from: 4, to: 5 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 5: senders prove the secret', { timeout: 60_000 }, () => {
  it('lets only an owner set a profile’s senders’ check, and nobody send before it is set', async () => {
    const profile = await newProfile()
    const key = await senderKeyOf(SECRET, profile)
    expect(await as('budi', (c) => refusal(take(c, profile, 'budi-desk', key)))).toBe('PD005')
    const set = (c: pg.Client) =>
      c.query('UPDATE payout_desk.profiles SET sender_check = $2 WHERE id = $1', [
        profile,
        senderCheckOf(key),
      ])
    expect(await as('budi', (c) => refusal(set(c)))).toBe('42501')
    await as('siti', set)
    expect(await as('budi', (c) => take(c, profile, 'budi-desk', key))).toMatch(/^\d+$/)
    // The check is no key: showing it instead of the key is refused.
    expect(await as('wati', (c) => refusal(take(c, profile, 'wati-desk', senderCheckOf(key))))).toBe('PD005')
  })

  it('takes over at once only a gone desk of the same login; another login waits for the lapse', async () => {
    const profile = await newProfile()
    const key = await senderKeyOf(SECRET, profile)
    await as('siti', (c) =>
      c.query('UPDATE payout_desk.profiles SET sender_check = $2 WHERE id = $1', [
        profile,
        senderCheckOf(key),
      ]),
    )
    await as('siti', (c) =>
      c.query("SELECT payout_desk.take_send_lease($1, 'siti-desk', 600, $2)", [profile, key]),
    )
    const takeFrom = (person: 'budi' | 'siti', desk: string) =>
      as(person, (c) =>
        c
          .query<{ e: string | null }>(
            "SELECT payout_desk.take_send_lease_from($1, $2, 60, 'siti-desk', $3)::text AS e",
            [profile, desk, key],
          )
          .then((r) => r.rows[0]?.e ?? null),
      )
    expect(await takeFrom('budi', 'budi-desk')).toBeNull()
    expect(await takeFrom('siti', 'siti-desk-2')).toMatch(/^\d+$/)
    // The old way, without the key, is nobody's.
    expect(
      await as('budi', (c) =>
        refusal(c.query("SELECT payout_desk.take_send_lease_from($1, 'b', 60, 'siti-desk-2')", [profile])),
      ),
    ).toBe('42501')
  })

  it('takes a reference once per gateway account, whichever profile names the account', async () => {
    const [one, two, elsewhere] = [await newProfile('M7'), await newProfile('M7'), await newProfile('M8')]
    await as('budi', (c) => pay(c, one, 'SAME-REF'))
    expect(await as('budi', (c) => refusal(pay(c, two, 'SAME-REF')))).toBe('23505')
    expect(await as('budi', (c) => refusal(pay(c, elsewhere, 'SAME-REF')))).toBe('ok')
    // An older book's payouts are kept as they were.
    const kept = await admin((c) =>
      c.query<{ reference: string }>('SELECT reference FROM payout_desk.payouts WHERE id = $1', [older]),
    )
    expect(kept.rows).toEqual([{ reference: 'OLD-1' }])
  })

  it('ends the sending held under the old secret when an owner sets a new one: its epoch writes nothing', async () => {
    const profile = await newProfile()
    const [oldKey, newKey] = [await senderKeyOf(SECRET, profile), await senderKeyOf(`${SECRET}-new`, profile)]
    const setCheck = (key: string) =>
      as('siti', (c) =>
        c.query('UPDATE payout_desk.profiles SET sender_check = $2 WHERE id = $1', [
          profile,
          senderCheckOf(key),
        ]),
      )
    await setCheck(oldKey)
    const id = randomUUID()
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, 'ROTATE-1', 1000, 'IDR', '{}')`,
        [id, profile],
      ),
    )
    const epoch = await as('budi', (c) => take(c, profile, 'budi-desk', oldKey))
    // The gateway's secret is replaced; Budi's desk still knows the old epoch.
    await setCheck(newKey)
    const said = await as('budi', (c) =>
      refusal(
        c.query('SELECT payout_desk.observe_answer($1, $2, $3)', [
          id,
          epoch,
          { verdict: 'apply', to: 'cancelled' },
        ]),
      ),
    )
    expect(said).toBe('PD003')
    expect(await as('budi', (c) => refusal(take(c, profile, 'budi-desk', oldKey)))).toBe('PD005')
    const status = await admin((c) =>
      c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [id]),
    )
    expect(status.rows).toEqual([{ status: 'queued' }])
  })
})
