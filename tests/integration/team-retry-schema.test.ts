// Team migration 7 (electron/team/team-retry-schema.ts) on a real PostgreSQL server, as the people's own
// logins would write from `psql`: a payout that did not pay is paid again once, as it was, at its own
// gateway account, and nothing else passes for a Retry.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { refusal, teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
let profile = ''
let older = ''
const FIELDS = { bankCode: '014', bankAccountNo: '0012345000', customerName: 'Dewi' }

/** A payout of Budi's that ended as `status` (as the engine would have written it). */
async function ended(status: string, attention: string | null = null): Promise<string> {
  const id = randomUUID()
  await as('budi', (c) =>
    c.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
       VALUES ($1, $2, $3, 1000, 'IDR', $4)`,
      [id, profile, `O-${id.slice(0, 8)}`, FIELDS],
    ),
  )
  await admin((c) =>
    c.query('UPDATE payout_desk.payouts SET status = $2, attention = $3 WHERE id = $1', [
      id,
      status,
      attention,
    ]),
  )
  return id
}

const retry = (c: pg.Client, of: string, change: { amount?: number; fields?: object } = {}) =>
  c.query(
    `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, retry_of)
     VALUES ($1, $2, $3, $4, 'IDR', $5, $6)`,
    [
      randomUUID(),
      profile,
      `N-${randomUUID().slice(0, 8)}`,
      change.amount ?? 1000,
      change.fields ?? FIELDS,
      of,
    ],
  )

beforeAll(async () => {
  server = await startPostgres()
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 6))).toEqual({ from: 0, to: 6 })
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = randomUUID()
  await as('siti', (c) =>
    c.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, 'Acme', 'vexora', 'sandbox', 'http://127.0.0.1:9', 'M1', 'IDR')`,
      [profile],
    ),
  )
  // Failed before the migration: it is paid again like any other.
  older = await ended('failed')
  expect(await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 7))).toEqual({ from: 6, to: 7 })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 7: paying again', { timeout: 60_000 }, () => {
  it('pays a failed payout again once, as it was; a second Retry of it is refused', async () => {
    await as('budi', (c) => retry(c, older))
    expect(await as('siti', (c) => refusal(retry(c, older)))).toBe('23505')
    const again = await admin((c) =>
      c.query<{ status: string; prepared_by: string; fields: object }>(
        'SELECT status, prepared_by, fields FROM payout_desk.payouts WHERE retry_of = $1',
        [older],
      ),
    )
    expect(again.rows).toEqual([{ status: 'queued', prepared_by: 'budi', fields: FIELDS }])
  })

  it('refuses, as a Retry, what paid or may have, another payee or amount, and another gateway account', async () => {
    for (const [status, attention] of [
      ['succeeded', null],
      ['processing', null],
      ['unknown', null],
      ['failed', 'contradiction'],
    ] as const) {
      const id = await ended(status, attention)
      expect(await as('budi', (c) => refusal(retry(c, id))), `${status} ${attention}`).toBe('PD013')
    }
    const failed = await ended('failed')
    expect(await as('budi', (c) => refusal(retry(c, failed, { amount: 2000 })))).toBe('PD013')
    expect(
      await as('budi', (c) =>
        refusal(retry(c, failed, { fields: { ...FIELDS, bankAccountNo: '0099999999' } })),
      ),
    ).toBe('PD013')
    // The owner points the profile at another merchant account: what was written for the old one is not
    // paid again through the new one.
    await as('siti', (c) =>
      c.query("UPDATE payout_desk.profiles SET merchant_id = 'M2' WHERE id = $1", [profile]),
    )
    expect(await as('budi', (c) => refusal(retry(c, failed)))).toBe('PD013')
    expect(
      await as('budi', (c) =>
        c.query('SELECT count(*)::int AS n FROM payout_desk.payouts WHERE retry_of = $1', [failed]),
      ),
    ).toMatchObject({
      rows: [{ n: 0 }],
    })
  })
})
