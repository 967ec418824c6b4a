import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import {
  listProfiles,
  seedBuiltinSandboxProfiles,
  type ProfileRecord,
} from '../../electron/ledger/profiles-repo.ts'
import { createClientResolver } from '../../electron/payouts/client-resolver.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox/server.ts'
import { idrFields, thbBankFields } from './sandbox-clients.ts'
import { makeTempDir } from './temp-dir.ts'
import { startGatewayProxy, type GatewayProxy } from './gateway-proxy.ts'

type TempDir = ReturnType<typeof makeTempDir>

export function builtinSandboxOf(sandbox: Sandbox) {
  return {
    url: sandbox.url,
    merchantPrivateKeyPem: sandbox.credentials.bluepay.merchantPrivateKeyPem,
    bluepayPublicKeyPem: sandbox.credentials.bluepay.bluepayPublicKeyPem,
  }
}

/** A real ledger file with the two built-in sandbox profiles, and an engine talking to `sandbox`. */
export function engineOn(
  dataDir: string,
  sandbox: Sandbox,
  opts: {
    timeoutMs?: number
    callbackBaseUrl?: string
    /** The engine's settle period; 0 (the default here) re-sends on the first "not found". */
    settleMs?: number
    leaseMs?: number
    owner?: string
  } = {},
) {
  const db: Ledger = openLedger(join(dataDir, 'ledger.sqlite3'))
  seedBuiltinSandboxProfiles(db)
  const profiles = listProfiles(db)
  const vexora = profiles.find((p) => p.provider === 'vexora') as ProfileRecord
  const bluepay = profiles.find((p) => p.provider === 'bluepay') as ProfileRecord
  const secrets = createKeychainSecretStore(`Payout Desk test ${dataDir}`)
  const resolveClient = createClientResolver({
    secrets,
    builtinSandbox: () => builtinSandboxOf(sandbox),
    callbackBaseUrl: () => opts.callbackBaseUrl ?? null,
    timeoutMs: opts.timeoutMs ?? 2_000,
  })
  const changes: string[] = []
  const engine = createEngine({
    db,
    resolveClient,
    onChange: (ids) => changes.push(...ids),
    settleMs: opts.settleMs ?? 0,
    ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}),
    ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
  })
  return { db, engine, vexora, bluepay, changes, resolveClient, secrets }
}

export const fieldsFor = (profile: ProfileRecord, account = '1234567890', name = 'Test Person') =>
  profile.provider === 'vexora' ? idrFields(account, name) : thbBankFields(account, name)

export function statusOf(db: Ledger, id: string): string {
  return db.prepare('SELECT status FROM payouts WHERE id = ?').pluck().get(id) as string
}

/**
 * A suite on one sandbox, with a fresh ledger and engine for every test: registers the hooks and hands
 * back one object whose fields are the current test's (read them inside tests, not at collection time).
 */
export function sandboxEngineSuite(
  sandboxOptions: SandboxOptions = {},
  engineOptions: Parameters<typeof engineOn>[2] = {},
) {
  let sandbox: Sandbox
  let tmp: TempDir
  let h: ReturnType<typeof engineOn>
  beforeAll(async () => {
    sandbox = await startSandbox(sandboxOptions)
  })
  afterAll(() => sandbox.close())
  beforeEach(() => {
    tmp = makeTempDir()
    h = engineOn(tmp.dir, sandbox, engineOptions)
  })
  afterEach(() => {
    sandbox.faults.clear()
    h.db.close()
    tmp.cleanup()
  })
  return {
    get sandbox() {
      return sandbox
    },
    get dir() {
      return tmp.dir
    },
    get db() {
      return h.db
    },
    get engine() {
      return h.engine
    },
    get vexora() {
      return h.vexora
    },
    get bluepay() {
      return h.bluepay
    },
    get changes() {
      return h.changes
    },
    get resolveClient() {
      return h.resolveClient
    },
    get secrets() {
      return h.secrets
    },
    /** What the money actions take (actions/context.ts), for this test's ledger and engine. */
    get ctx() {
      return { ledger: h.db, engine: h.engine, ready: Promise.resolve(), secrets: h.secrets }
    },
  }
}

/**
 * A Vexora payout whose request never arrived, raised to a person once its settle period passed (what
 * the CLI's attention and resolve tests decide on). Returns its reference; the ledger is closed again.
 */
export async function inDoubtVexoraPayout(
  dataDir: string,
  sandbox: Sandbox,
  amountMinor = 64_000,
): Promise<string> {
  const t = engineOn(dataDir, sandbox, { settleMs: 0 })
  const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor, fields: fieldsFor(t.vexora) })
  sandbox.faults.add({ mode: 'drop-before', provider: 'vexora', endpoint: 'create' })
  await t.engine.send(id)
  await t.engine.refresh(id)
  const reference = t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
  t.db.close()
  return reference
}

/**
 * A suite on one sandbox behind a scriptable proxy (gateway-proxy.ts), with a fresh folder per test:
 * `engine(opts)` makes this test's engine, talking to the proxy; its ledger is closed after the test.
 */
export function proxiedEngineSuite(sandboxOptions: SandboxOptions = {}) {
  let sandbox: Sandbox
  let proxy: GatewayProxy
  let tmp: TempDir
  const open: Ledger[] = []
  beforeAll(async () => {
    sandbox = await startSandbox(sandboxOptions)
    proxy = await startGatewayProxy(sandbox.url)
  })
  afterAll(async () => {
    await proxy.close()
    await sandbox.close()
  })
  beforeEach(() => {
    tmp = makeTempDir()
  })
  afterEach(() => {
    proxy.clear()
    sandbox.faults.clear()
    for (const db of open.splice(0)) db.close()
    tmp.cleanup()
  })
  return {
    get sandbox() {
      return sandbox
    },
    get proxy() {
      return proxy
    },
    engine(opts: Parameters<typeof engineOn>[2] = {}) {
      const h = engineOn(tmp.dir, { ...sandbox, url: proxy.url }, { timeoutMs: 1_500, ...opts })
      open.push(h.db)
      return h
    },
  }
}
