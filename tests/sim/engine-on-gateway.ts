import { join } from 'node:path'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import {
  listProfiles,
  seedBuiltinSandboxProfiles,
  type ProfileRecord,
} from '../../electron/ledger/profiles-repo.ts'
import { createClientResolver } from '../../electron/payouts/client-resolver.ts'
import { createEngine, type EngineOptions } from '../../electron/payouts/engine.ts'
import { loadSandboxKeys } from '../../electron/sandbox/credentials.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'

/**
 * A real ledger file with the built-in sandbox profiles, and an engine whose built-in profiles talk to
 * the scripted gateway at `url` (it speaks with the sandbox's public test credentials).
 */
export function engineOnGateway(
  dataDir: string,
  url: string,
  options: Partial<Pick<EngineOptions, 'settleMs' | 'leaseMs' | 'maxResends' | 'owner'>> = {},
) {
  const db = openLedger(join(dataDir, 'ledger.sqlite3'))
  seedBuiltinSandboxProfiles(db)
  const profiles = listProfiles(db)
  const keys = loadSandboxKeys()
  const resolveClient = createClientResolver({
    secrets: createKeychainSecretStore(`Payout Desk test ${dataDir}`),
    builtinSandbox: () => ({
      url,
      merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
      bluepayPublicKeyPem: keys.bluepayPublicKeyPem,
    }),
    timeoutMs: 2_000,
  })
  const engine = createEngine({ db, resolveClient, ...options })
  return {
    db,
    engine,
    vexora: profiles.find((p) => p.provider === 'vexora') as ProfileRecord,
    bluepay: profiles.find((p) => p.provider === 'bluepay') as ProfileRecord,
  }
}
