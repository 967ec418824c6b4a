import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { createClientResolver } from '../../electron/payouts/client-resolver.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { senderKeys } from '../../electron/team/sender-key.ts'
import { teamEngineStore } from '../../electron/team/team-engine-store.ts'

/**
 * Desks on a test team ledger as the engine sees them: a person's login, a keychain holding the secrets
 * of the profiles given (the sandbox's), the team's engine store and the engine on both. `close` ends
 * their connections and takes the secrets out of the keychain again.
 */
export function teamEngineDesks<P extends string>(urlFor: (person: P) => string, sandbox: () => Sandbox) {
  const pools: pg.Pool[] = []
  const kept: (() => Promise<void>)[] = []
  async function desk(person: P, secretsFor: readonly string[], now: () => number = Date.now) {
    const pool = new pg.Pool({ connectionString: urlFor(person), max: 4 })
    pool.on('error', () => undefined)
    pools.push(pool)
    const secrets = createKeychainSecretStore(`Payout Desk team test ${randomUUID().slice(0, 8)}`)
    for (const profile of secretsFor) {
      await secrets.set(profile, sandbox().credentials.vexora.secret)
      kept.push(() => secrets.delete(profile))
    }
    const deskName = `${person}-desk-${randomUUID().slice(0, 8)}`
    const store = teamEngineStore(pool, {
      senderKey: senderKeys((id) => secrets.reveal(id)),
      desk: deskName,
      now,
    })
    const resolveClient = createClientResolver({
      secrets,
      builtinSandbox: () => Promise.resolve(null),
      timeoutMs: 5_000,
    })
    const engine = createEngine({ store, resolveClient, settleMs: 0, owner: deskName, now })
    return { engine, store, resolveClient, deskName, pool }
  }
  async function close() {
    await Promise.all(pools.map((p) => p.end()))
    for (const remove of kept) await remove().catch(() => undefined)
  }
  return { desk, close }
}
