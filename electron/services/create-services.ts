import { join } from 'node:path'
import { openLedger, type Ledger } from '../ledger/open-ledger.ts'
import { createKeychainSecretStore, type SecretStore } from '../secrets/secret-store.ts'

export interface Services {
  appVersion: string
  dataDir: string
  ledger: Ledger
  secrets: SecretStore
  close(): void
}

export interface ServiceOptions {
  appVersion: string
  dataDir: string
  secrets?: SecretStore
}

/** Everything main needs, built from a data folder. Plain Node: the tests and the CLI build it the same way. */
export function createServices({ appVersion, dataDir, secrets }: ServiceOptions): Services {
  const ledger = openLedger(join(dataDir, 'ledger.sqlite3'))
  return {
    appVersion,
    dataDir,
    ledger,
    secrets: secrets ?? createKeychainSecretStore(),
    close: () => ledger.close(),
  }
}
