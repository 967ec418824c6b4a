import pg from 'pg'
import { AppError } from '../errors.ts'
import { createClientResolver, type ClientResolver } from '../payouts/client-resolver.ts'
import { createEngine, type Engine } from '../payouts/engine.ts'
import type { SecretStore } from '../secrets/secret-store.ts'
import type { EngineStore } from '../ledger/engine-store.ts'
import { leaseOwnerId } from '../ledger/leases.ts'
import { teamEngineStore } from '../team/team-engine-store.ts'
import { teamProfileIds, teamSenderChecks } from '../team/team-profiles.ts'
import { senderCheckOf, senderKeys } from '../team/sender-key.ts'

/** This desk at the team ledger: its person's connection, its keychain, and the engine on both. */
export interface TeamDesk {
  pool: pg.Pool
  secrets: SecretStore
  engine: Engine
  /** The engine's store on the team ledger: a payout and its profile as the engine reads them. */
  store: EngineStore
  resolveClient: ClientResolver
  /** This desk's name in the team's send leases (this computer, this process). */
  owner: string
  /** The team's profiles whose secret this desk's keychain holds (the one the owner set). */
  sendsFor(): Promise<string[]>
  /** This desk's sender key for a profile (team/sender-key.ts), or null without its secret. */
  senderKey(profileId: string): Promise<string | null>
  close(): Promise<void>
}

export interface TeamDeskOptions {
  url: string
  secrets: SecretStore
  /**
   * The sender keys derived so far (senderKeys over `secrets`): the window keeps one for its life, so a
   * request does not spend scrypt's time again on a secret it already derived.
   */
  senderKey?: (profileId: string) => Promise<string | null>
  timeoutMs?: number
  onError?: (id: string, error: unknown) => void
}

/** Work at this desk's connection to the team ledger, closed after (a command, or one request of the window). */
export async function atTeamDesk<T>(
  options: TeamDeskOptions,
  work: (desk: TeamDesk) => Promise<T>,
): Promise<T> {
  const desk = await openTeamDesk(options)
  try {
    return await work(desk)
  } finally {
    await desk.close()
  }
}

/**
 * Opens this desk at the team ledger. The gateways' secrets stay in this desk's keychain: the desk sends
 * and asks only for the profiles whose secret it holds, and leaves the others to a desk that has theirs.
 */
export async function openTeamDesk(options: TeamDeskOptions): Promise<TeamDesk> {
  const pool = new pg.Pool({ connectionString: options.url, max: 8, connectionTimeoutMillis: 10_000 })
  // An idle connection the server dropped (a restart, a blip of the network) is discarded by the pool and
  // the next query opens another; unheard, the pool's error would end this desk's process.
  pool.on('error', (error) => options.onError?.('team ledger connection', error))
  try {
    await teamProfileIds(pool)
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw new AppError('UNREACHABLE', { key: 'teamLedgerUnreachable' }, { cause: error })
  }
  const { secrets } = options
  const senderKey = options.senderKey ?? senderKeys((id) => secrets.reveal(id))
  // A secret kept here that is not the one the owner set (mistyped, or replaced since) sends nothing:
  // the ledger would refuse its key.
  const sendsFor = async () => {
    const mine: string[] = []
    for (const { id, check } of await teamSenderChecks(pool)) {
      if (check === null || !(await secrets.status(id)).stored) continue
      const key = await senderKey(id)
      if (key !== null && senderCheckOf(key) === check) mine.push(id)
    }
    return mine
  }
  const desk = leaseOwnerId()
  const resolveClient = createClientResolver({
    secrets,
    // A team's profiles name their gateways; the app's built-in sandbox is one desk's, not the team's.
    builtinSandbox: () => Promise.resolve(null),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
  const store = teamEngineStore(pool, { sendsFor, senderKey, desk })
  const engine = createEngine({
    owner: desk,
    store,
    resolveClient,
    ...(options.onError ? { onError: options.onError } : {}),
  })
  return {
    pool,
    secrets,
    engine,
    store,
    resolveClient,
    owner: desk,
    sendsFor,
    senderKey,
    async close() {
      await engine.drain()
      await pool.end()
    },
  }
}
