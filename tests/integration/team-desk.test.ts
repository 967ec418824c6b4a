// This desk at the team ledger (electron/services/team-desk.ts) on a real PostgreSQL server: what the
// desk's connections live through.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { openTeamDesk } from '../../electron/services/team-desk.ts'
import { addPerson, connected, initTeamLedger } from '../../electron/team/team-admin.ts'
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
const PASSWORD = { budi: 'budi-bookkeeper-pw' }
const { admin, urlFor } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  server = await startPostgres()
  await initTeamLedger(server.adminUrl)
  await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: PASSWORD.budi })
}, 180_000)
afterAll(async () => {
  await server?.stop()
})

describe('a desk at the team ledger', { timeout: 60_000 }, () => {
  it('lives through the server dropping its idle connections: the next read opens another', async () => {
    const dropped: unknown[] = []
    const desk = await openTeamDesk({
      url: urlFor('budi'),
      secrets: createKeychainSecretStore(`Payout Desk desk test ${randomUUID().slice(0, 8)}`),
      onError: (_where, error) => dropped.push(error),
    })
    try {
      expect(await desk.sendsFor()).toEqual([])
      // The server ends every connection of budi's (a restart, an administrator, a network blip).
      await admin((c) =>
        c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'budi'"),
      )
      await new Promise((r) => setTimeout(r, 300))
      expect(dropped.length).toBeGreaterThan(0)
      expect(await desk.sendsFor()).toEqual([])
    } finally {
      await desk.close()
    }
  })

  it("fails an action whose own connection the server ends, and the desk's process goes on", async () => {
    // The server ends the connection between two statements: unheard, the client's error would end the
    // process (vitest reports it as an unhandled error, and the run fails).
    const action = connected(urlFor('budi'), async (client) => {
      await client.query('SELECT 1')
      await admin((c) =>
        c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'budi'"),
      )
      await new Promise((r) => setTimeout(r, 300))
      return client.query('SELECT 1')
    })
    await expect(action).rejects.toThrow()
  })
})
