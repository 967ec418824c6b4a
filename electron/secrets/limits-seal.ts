import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { AppError } from '../errors.ts'
import type { SecretStore } from './secret-store.ts'

/** The keychain entry holding the key that seals release limits (32 random bytes, hex). */
const SEAL_ACCOUNT = 'release-limits-seal'

/**
 * The key release limits are sealed with. It lives in the OS keychain, not the ledger, so a change to the
 * ledger file alone (an `sqlite3` session, a sync tool, a script) cannot forge a seal. Made on first use.
 */
export async function sealKey(secrets: SecretStore, create: boolean): Promise<Buffer | null> {
  const status = await secrets.status(SEAL_ACCOUNT)
  if (status.stored) {
    const text = await secrets.reveal(SEAL_ACCOUNT)
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex')
  }
  if (!create) return null
  await secrets.set(SEAL_ACCOUNT, randomBytes(32).toString('hex'))
  // Read back: when two processes made a key at once, both seal with the one that was kept.
  return sealKey(secrets, false)
}

export interface SealedLimits {
  profileId: string
  perPayout: number | null
  perDay: number | null
  hash: string | null
  timeZone: string
}

export function sealOf(key: Buffer, limits: SealedLimits): string {
  const text = JSON.stringify([
    'release-limits/1',
    limits.profileId,
    limits.perPayout,
    limits.perDay,
    limits.hash,
    limits.timeZone,
  ])
  return createHmac('sha256', key).update(text, 'utf8').digest('hex')
}

export function sealMatches(key: Buffer, limits: SealedLimits, mac: string | null): boolean {
  if (!mac || !/^[0-9a-f]{64}$/.test(mac)) return false
  return timingSafeEqual(Buffer.from(sealOf(key, limits), 'hex'), Buffer.from(mac, 'hex'))
}

/** What a payout's release seal covers: where it is paid, what, to whom (its frozen fields' stored text). */
export interface SealedPayout {
  profile_id: string
  account_key: string | null
  reference: string
  amount_minor: number
  currency: string
  fields_json: string
}

/** The app's mark that it let this payout go: written unheld within the limits, or released. */
export function payoutSealOf(key: Buffer, p: SealedPayout): string {
  const text = JSON.stringify([
    'payout-release/1',
    p.profile_id,
    p.account_key,
    p.reference,
    p.amount_minor,
    p.currency,
    p.fields_json,
  ])
  return createHmac('sha256', key).update(text, 'utf8').digest('hex')
}

export const payoutSealMatches = (key: Buffer, p: SealedPayout, mac: string | null): boolean =>
  mac !== null &&
  /^[0-9a-f]{64}$/.test(mac) &&
  timingSafeEqual(Buffer.from(payoutSealOf(key, p), 'hex'), Buffer.from(mac, 'hex'))

// The key as this process last read it from the keychain: the hold check runs inside synchronous ledger
// transactions, which cannot wait for the keychain. null: not read (or unreadable), so nothing verifies.
let known: Buffer | null = null

/**
 * The profiles that have release limits, kept in the keychain beside the key: limits whose row was
 * deleted from the ledger file (rather than edited) are then missing, not absent, and hold everything.
 */
const LIMITED_ACCOUNT = 'release-limits-profiles'
let limited = new Set<string>()

async function readLimited(secrets: SecretStore): Promise<Set<string>> {
  if (!(await secrets.status(LIMITED_ACCOUNT)).stored) return new Set()
  try {
    const ids: unknown = JSON.parse(await secrets.reveal(LIMITED_ACCOUNT))
    return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [])
  } catch {
    return new Set()
  }
}

/** Records in the keychain that this profile has limits (when they are first set). */
export async function markLimited(secrets: SecretStore, profileId: string): Promise<void> {
  const ids = await readLimited(secrets)
  if (!ids.has(profileId)) {
    ids.add(profileId)
    await secrets.set(LIMITED_ACCOUNT, JSON.stringify([...ids]))
  }
  limited = ids
}

/** Whether the keychain says this profile has limits (as this process last read it). */
export const knownLimited = (profileId: string): boolean => limited.has(profileId)

/** Reads the seal key once at start (and whenever an action needed it anyway) for the synchronous checks. */
export async function primeSealKey(secrets: SecretStore): Promise<void> {
  try {
    known = (await sealKey(secrets, false)) ?? known
    limited = await readLimited(secrets)
  } catch {
    // A locked keychain: profiles with limits are held until it can be read (see limitsAreSound).
  }
}

/**
 * Reads the keychain's word on limits again, before an action writes or starts payouts: a window open for
 * days must know of limits the owner set since from the command line. A keychain that cannot be read
 * refuses the action: a payout written then could not be held as the owner asked.
 */
export async function refreshLimitsMarker(secrets: SecretStore): Promise<void> {
  try {
    const ids = await readLimited(secrets)
    known = (await sealKey(secrets, false)) ?? known
    limited = ids
  } catch (error) {
    throw new AppError(
      'SECRET_STORE_UNAVAILABLE',
      { key: 'keychainNothingSent', params: { platform: process.platform } },
      { cause: error },
    )
  }
}

export const rememberSealKey = (key: Buffer): void => {
  known = key
}
export const knownSealKey = (): Buffer | null => known
