// The team's book at a glance (electron/team/team-dashboard.ts) on a real PostgreSQL server, and the same
// figures from a desk's read-only copy (team-copy.ts): each payout counted on the window's local day it
// was written, the week from its Monday, what was paid, and what waits for approval however old.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { openTeamCopy, updateTeamCopy } from '../../electron/team/team-copy.ts'
import { teamDashboard } from '../../electron/team/team-dashboard.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin } = teamSessions(() => server, PASSWORD)
const dir = mkdtempSync(join(tmpdir(), 'team-dashboard-'))

const DAY = 86_400_000
// Jakarta's midnights (17:00 UTC): none is a UTC midnight, as a window's local days seldom are.
const dayStarts = Array.from({ length: 30 }, (_, i) => Date.UTC(2026, 10, 1, 17) + i * DAY)
const at = (day: number, ms = 0) => (dayStarts[day] ?? 0) + ms
const weekStart = at(26)
/** Written by the bookkeeper, then set to a time and status as the engine would have left it. */
const payouts: { profile: string; at: number; status: string; amount: number; realMoney?: true }[] = [
  { profile: 'Acme ID', at: at(0) - 1, status: 'succeeded', amount: 1_000 }, // before the first day
  { profile: 'Acme ID', at: at(0), status: 'succeeded', amount: 2_000 },
  { profile: 'Acme ID', at: at(25) + DAY - 1, status: 'succeeded', amount: 4_000 }, // Sunday, the last ms
  { profile: 'Acme ID', at: at(26), status: 'succeeded', amount: 8_000 }, // Monday: this week
  { profile: 'Acme ID', at: at(29, 5), status: 'succeeded', amount: 16_000 },
  { profile: 'Acme ID', at: at(29, 6), status: 'failed', amount: 32_000 },
  { profile: 'Acme ID', at: at(0) - 40 * DAY, status: 'awaiting_approval', amount: 64_000 }, // old, waits
  { profile: 'Acme ID', at: at(28), status: 'awaiting_approval', amount: 128_000 },
  { profile: 'Acme Jakarta', at: at(29), status: 'processing', amount: 256_000 },
  // Paid at a real-money account of Acme ID (an owner moved the profile meanwhile): never added to its test money.
  { profile: 'Acme ID', at: at(29, 7), status: 'succeeded', amount: 512_000, realMoney: true },
]

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  const ids = new Map<string, string>()
  for (const name of ['Acme ID', 'Acme Jakarta', 'Acme Empty']) {
    const id = randomUUID()
    ids.set(name, id)
    await as('siti', (c) =>
      c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
         VALUES ($1, $2, 'vexora', $3, 'https://gateway.example', $4, 'IDR')`,
        [id, name, name === 'Acme Jakarta' ? 'production' : 'sandbox', id.slice(0, 8)],
      ),
    )
  }
  for (const [n, p] of payouts.entries()) {
    const id = randomUUID()
    await as('budi', (c) =>
      c.query(
        `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
         VALUES ($1, $2, $3, $4, 'IDR', '{}')`,
        [id, ids.get(p.profile), `D-${n}`, p.amount],
      ),
    )
    await admin(async (c) => {
      await c.query('SET session_replication_role = replica')
      await c.query(
        `UPDATE payout_desk.payouts SET status = $2, created_at = to_timestamp($3::float8 / 1000),
           account = CASE WHEN $4 THEN jsonb_set(account, '{environment}', '"production"') ELSE account END
         WHERE id = $1`,
        [id, p.status, p.at, p.realMoney === true],
      )
    })
  }
}, 180_000)
afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe("the team's dashboard", { timeout: 60_000 }, () => {
  it('counts each payout on its local day, the week from Monday, and what waits for approval', async () => {
    const view = await as('budi', (c) => teamDashboard(c, dayStarts, weekStart))
    expect(view.map((p) => [p.name, p.environment, p.currency])).toEqual([
      ['Acme Empty', 'sandbox', 'IDR'],
      ['Acme ID', 'production', 'IDR'],
      ['Acme ID', 'sandbox', 'IDR'],
      ['Acme Jakarta', 'production', 'IDR'],
    ])
    const [empty, acmeReal, acme, jakarta] = view
    expect(acmeReal?.today).toEqual({ succeeded: 1 })
    expect(acmeReal?.paidTodayMinor).toBe(512_000)
    expect(empty?.days.every((d) => Object.keys(d.counts).length === 0)).toBe(true)
    expect(acme?.days.map((d) => d.day)).toEqual(dayStarts)
    const counted = (p: typeof acme) =>
      p?.days.flatMap((d, i) =>
        Object.entries(d.counts)
          .sort()
          .map(([status, n]) => [i, status as PayoutStatus, n] as const),
      )
    expect(counted(acme)).toEqual([
      [0, 'succeeded', 1],
      [25, 'succeeded', 1],
      [26, 'succeeded', 1],
      [29, 'failed', 1],
      [29, 'succeeded', 1],
    ])
    expect(acme?.today).toEqual({ succeeded: 1, failed: 1 })
    expect(acme?.week).toEqual({ succeeded: 2, failed: 1 })
    expect([acme?.paidTodayMinor, acme?.paidWeekMinor]).toEqual([16_000, 24_000])
    expect(acme?.awaitingApproval).toEqual({ count: 2, totalMinor: 192_000 })
    expect(jakarta?.today).toEqual({ processing: 1 })
    expect(jakarta?.awaitingApproval).toEqual({ count: 0, totalMinor: 0 })
  })

  it("gives the same figures from a desk's copy when the server cannot be reached", async () => {
    const file = join(dir, 'copy.sqlite3')
    await as('budi', (c) => updateTeamCopy(c, file))
    const copy = openTeamCopy(file)
    try {
      const online = await as('budi', (c) => teamDashboard(c, dayStarts, weekStart))
      // The copy knows the profiles its payouts name: one without any is not in it.
      expect(copy?.dashboard(dayStarts, weekStart)).toEqual(online.filter((p) => p.name !== 'Acme Empty'))
    } finally {
      copy?.close()
    }
  })
})
