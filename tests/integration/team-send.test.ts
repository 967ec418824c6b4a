// What a send from the team ledger reports (actions/team-send.ts): a payout this desk claimed whose claim
// it never heard back about is in doubt, so `team send` does not end as if all were done. A real
// PostgreSQL server, the loopback sandbox, the real keychain. Actions covered: sendForTeam.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendForTeam } from '../../electron/actions/team-send.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { atTeamDesk } from '../../electron/services/team-desk.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { sandboxTeamProfile, teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as, admin, urlFor } = teamSessions(() => server, PASSWORD)
const secrets = createKeychainSecretStore(`Payout Desk team send ${randomUUID().slice(0, 8)}`)
const kept: string[] = []

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  for (const id of kept) await secrets.delete(id)
  await sandbox.close()
  await server?.stop()
})

/** Makes the pool's claims of a payout go through at the server, then lose their answer on the way back. */
function claimsGoUnheard(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>
  Object.assign(pool, {
    query: async (...args: unknown[]) => {
      const name = (args[0] as { name?: string } | undefined)?.name ?? ''
      const result = await query(...args)
      if (name.includes('claim')) throw new Error('Connection terminated unexpectedly')
      return result
    },
  })
}

describe('a send from the team ledger', { timeout: 90_000 }, () => {
  it('counts a payout it claimed but never heard back about as in doubt, and sends it nowhere', async () => {
    const profile = await sandboxTeamProfile(as, 'siti', sandbox)
    await secrets.set(profile, sandbox.credentials.vexora.secret)
    kept.push(profile)
    const reference = `U-${randomUUID().slice(0, 8)}`
    const id = await writeTeamPayout(as, 'budi', {
      profile,
      reference,
      amountMinor: 120_000,
      fields: idrFields('0088123', 'Wulan'),
    })
    const sent = await atTeamDesk({ url: urlFor('budi'), secrets }, (desk) => {
      claimsGoUnheard(desk.pool)
      return sendForTeam(desk)
    })
    const row = await admin((c) =>
      c.query<{ status: string }>('SELECT status FROM payout_desk.payouts WHERE id = $1', [id]),
    )
    expect(row.rows[0]?.status).toBe('submitting')
    expect(sandbox.book.createAttempts('vexora', 'id', reference)).toBe(0)
    expect({ byStatus: sent.byStatus, inDoubt: sent.inDoubt }).toEqual({
      byStatus: { submitting: 1 },
      inDoubt: 1,
    })
  })
})
