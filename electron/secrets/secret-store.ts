import { createHmac, randomBytes } from 'node:crypto'
import keytar from 'keytar'
import { AppError } from '../errors.ts'

export interface SecretStatus {
  stored: boolean
  /** A short keyed hash so a person can tell which secret is stored without ever seeing it again. */
  fingerprint: string | null
}

/**
 * The only place that talks to the OS keychain. Kept to four verbs so the backend (keytar today,
 * Electron safeStorage later) can change without touching callers. `reveal` exists for signing in the
 * main process; no IPC channel may ever call it.
 */
export interface SecretStore {
  set(account: string, secret: string): Promise<SecretStatus>
  status(account: string): Promise<SecretStatus>
  delete(account: string): Promise<void>
  reveal(account: string): Promise<string>
}

// A 4096-bit RSA private key in PEM is about 3.3 kB; anything far beyond that is not a secret we expect.
const MAX_SECRET_BYTES = 16 * 1024

/** HMAC-SHA-256 under the install's key (see fingerprint-key.ts), first 64 bits, in groups of four. */
export function fingerprintOf(secret: string, key: Buffer): string {
  const hex = createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, 16)
  return hex.match(/.{4}/g)?.join(' ') ?? hex
}

function unavailable(cause: unknown): AppError {
  return new AppError(
    'SECRET_STORE_UNAVAILABLE',
    { key: 'keychainUnavailable', params: { platform: process.platform } },
    { cause },
  )
}

async function keychain<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (error) {
    throw unavailable(error)
  }
}

/**
 * The keychain service the app's entries live under: "Payout Desk", or `PAYOUT_DESK_KEYCHAIN_SERVICE`
 * (the test suite gives each of its parallel workers its own, so two workers never both make the
 * install-wide entries such as the seal key; it adds nothing a person at this desk could not already do
 * to their own keychain).
 */
export const keychainService = (env: NodeJS.ProcessEnv = process.env): string =>
  env.PAYOUT_DESK_KEYCHAIN_SERVICE?.trim() || 'Payout Desk'

/**
 * `fingerprintKey` is the install's key from the data folder; without one (a throwaway store in a test
 * or a script) a random key for this store's lifetime is used, so fingerprints only compare within it.
 */
export function createKeychainSecretStore(
  service = keychainService(),
  fingerprintKey: Buffer = randomBytes(32),
): SecretStore {
  const fingerprint = (secret: string) => fingerprintOf(secret, fingerprintKey)
  const status = async (account: string): Promise<SecretStatus> => {
    const secret = await keychain(() => keytar.getPassword(service, account))
    return secret === null
      ? { stored: false, fingerprint: null }
      : { stored: true, fingerprint: fingerprint(secret) }
  }
  return {
    async set(account, secret) {
      if (secret.trim() === '') throw new AppError('INVALID_INPUT', { key: 'secretEmpty' })
      if (Buffer.byteLength(secret, 'utf8') > MAX_SECRET_BYTES) {
        throw new AppError('INVALID_INPUT', { key: 'secretTooLong' })
      }
      await keychain(() => keytar.setPassword(service, account, secret))
      return { stored: true, fingerprint: fingerprint(secret) }
    },
    status,
    async delete(account) {
      await keychain(() => keytar.deletePassword(service, account))
    },
    async reveal(account) {
      const secret = await keychain(() => keytar.getPassword(service, account))
      if (secret === null) {
        throw new AppError('NOT_FOUND', { key: 'secretNotStored' })
      }
      return secret
    },
  }
}
