// Team migration 16 (electron/team/team-retry-chain-schema.ts) on a real PostgreSQL server: a Retry of a
// Retry is approved only while no payout of its chain may have paid (review 77 F1), at psql and at a desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveForTeam } from '../../electron/actions/team-approve.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { TEAM_MIGRATIONS } from '../../electron/team/team-schema.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { addLimitedProfile, writePayoutSet, writeRetryOf } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
let profile = ''

/** Written by Budi as a desk writes it, over the limit: it waits. Returns its id. */
async function waiting(reference: string, name: string, account: string) {
  await as('budi', (c) =>
    writePayoutSet(c, profile, null, [{ name, account, reference, amountMinor: 5_000_000 }]),
  )
  const { rows } = await admin((c) =>
    c.query<{ id: string }>('SELECT id FROM payout_desk.payouts WHERE reference = $1', [reference]),
  )
  return rows[0]?.id ?? ''
}
const failed = (id: string) =>
  admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE id = $1", [id]))
const retryOf = (original: string, reference: string) =>
  as('budi', (c) => writeRetryOf(c, original, reference))
const approve = (ids: string[]) =>
  as('siti', (c) => c.query('SELECT payout_desk.approve($1::uuid[], $2) AS n', [ids, ids.length * 5_000_000]))

/** The first payout failed, its Retry was approved and failed too, and a Retry of that one waits. */
async function chain(name: string, account: string) {
  const first = await waiting(`${name}-0`, name, account)
  await approve([first])
  await failed(first)
  const second = await retryOf(first, `${name}-R1`)
  await approve([second])
  await failed(second)
  return { first, third: await retryOf(second, `${name}-R2`) }
}
const contradicted = (id: string) =>
  admin((c) => c.query("UPDATE payout_desk.payouts SET attention = 'contradiction' WHERE id = $1", [id]))

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl, TEAM_MIGRATIONS.slice(0, 15))
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: PASSWORD.siti })
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
  profile = await admin(addLimitedProfile)
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('team migration 16: a Retry is judged by its whole chain', { timeout: 120_000 }, () => {
  it('refuses a Retry of a Retry once the first payout may have paid; before it, the book approved it', async () => {
    const before = await chain('Ayu', '3501')
    await contradicted(before.first)
    // Migration 15 looked at the Retry's own original only, still plainly failed: paid twice.
    expect((await approve([before.third])).rows[0]).toEqual({ n: 1 })

    expect(await initTeamLedger(server?.adminUrl ?? '', TEAM_MIGRATIONS.slice(0, 16))).toEqual({
      from: 15,
      to: 16,
    })
    const after = await chain('Bima', '3502')
    await contradicted(after.first)
    await expect(approve([after.third])).rejects.toMatchObject({ code: 'PD008', detail: 'Bima-R2' })
    await expect(approveForTeam(urlFor('siti'), [after.third], 5_000_000, [])).rejects.toMatchObject({
      text: { key: 'teamApprovalRetryPaid', params: { reference: 'Bima-R2' } },
    })
    // A chain whose every payout is still known not to have paid is approved.
    const clean = await chain('Cici', '3503')
    expect((await approve([clean.third])).rows[0]).toEqual({ n: 1 })
  })
})
