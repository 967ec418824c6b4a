// The team's history (electron/team/team-history.ts) on a real PostgreSQL server: pages newest first by
// keyset, filters, and a search that takes the person's text literally.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { teamHistoryPage, type HistoryCursor, type TeamHistoryRow } from '../../electron/team/team-history.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as } = teamSessions(() => server, PASSWORD)
const written: { reference: string; profile: string; status: string }[] = []

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  for (const name of ['Acme ID', 'Acme Jakarta']) {
    const id = randomUUID()
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
           per_payout_minor)
         VALUES ($1, $2, 'vexora', 'production', 'https://gateway.example', $3, 'IDR', 1000000)`,
        [id, name, id.slice(0, 8)],
      ),
    )
    // Written in one transaction each: many share a moment, which the id then orders.
    await as('budi', async (c) => {
      await c.query('BEGIN')
      for (let n = 0; n < 60; n++) {
        const reference = `${name === 'Acme ID' ? 'ID' : 'JK'}_${n}`
        const amount = n % 10 === 0 ? 2_000_000 : 10_000 + n
        await c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
           VALUES ($1, $2, $3, $4, 'IDR', $5)`,
          [randomUUID(), id, reference, amount, { customerName: `Person ${n}` }],
        )
        written.push({
          reference,
          profile: name,
          status: amount > 1_000_000 ? 'awaiting_approval' : 'queued',
        })
      }
      await c.query('COMMIT')
    })
  }
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

const everyPage = async (query: Parameters<typeof teamHistoryPage>[1]) => {
  const all: TeamHistoryRow[] = []
  let after: HistoryCursor | undefined
  for (let pages = 0; pages < 100; pages++) {
    const { rows, next } = await as('budi', (c) =>
      teamHistoryPage(c, { ...query, ...(after ? { after } : {}) }),
    )
    all.push(...rows)
    if (!next) return { all, pages: pages + 1 }
    after = next
  }
  throw new Error('the pages never ended')
}

describe("the team's history", { timeout: 60_000 }, () => {
  it('pages through every payout once, newest first, though many were written at one moment', async () => {
    const { all, pages } = await everyPage({ limit: 25 })
    expect(pages).toBe(5)
    // Each once: none lost between two pages, none on two.
    expect(all.map((r) => r.reference).sort()).toEqual(written.map((w) => w.reference).sort())
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1] as TeamHistoryRow, all[i] as TeamHistoryRow]
      expect(a.createdAt).toBeGreaterThanOrEqual(b.createdAt)
    }
    expect(all.every((r) => r.preparedBy === 'budi' && r.approvedBy === null)).toBe(true)
  })

  it('filters by status, profile and text, the text taken literally', async () => {
    const waiting = await everyPage({ status: 'awaiting_approval', profile: 'Acme Jakarta', limit: 4 })
    expect(waiting.all.map((r) => r.reference).sort()).toEqual(
      written
        .filter((w) => w.profile === 'Acme Jakarta' && w.status === 'awaiting_approval')
        .map((w) => w.reference)
        .sort(),
    )
    // "_1" is the characters _ and 1, not "any character, then 1"; a name in the fields is found too.
    const underscore = await everyPage({ search: 'ID_1' })
    expect(underscore.all.map((r) => r.reference).sort()).toEqual(
      written
        .filter((w) => w.reference.includes('ID_1'))
        .map((w) => w.reference)
        .sort(),
    )
    expect((await everyPage({ search: '%' })).all).toEqual([])
    expect((await everyPage({ search: 'Person 42' })).all.map((r) => r.reference).sort()).toEqual([
      'ID_42',
      'JK_42',
    ])
  })
})
