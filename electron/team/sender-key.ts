import { createHash, scrypt } from 'node:crypto'

/**
 * What a desk shows the team ledger to send for a profile, instead of the profile's gateway secret: a key
 * derived from the secret (scrypt, salted with the profile's id, so one secret gives each profile its own
 * key), whose SHA-256 the profile keeps (`sender_check`, set by an owner; team migration 5). The ledger
 * can tell a desk holding the secret from one that does not, and learns nothing it could sign with.
 * scrypt makes each guess of a weak secret against the readable check cost as much as a desk's start.
 */
export function senderKeyOf(secret: string, profileId: string): Promise<string> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret,
      `Payout Desk sender key, profile ${profileId}`,
      32,
      { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key.toString('hex'))),
    ),
  )
}

/** The check a profile keeps of a sender key. */
export const senderCheckOf = (senderKey: string): string =>
  createHash('sha256').update(senderKey, 'utf8').digest('hex')

/**
 * A desk's sender keys from its keychain (`reveal` throws when the secret is not there: null then),
 * each derived once per secret.
 */
export function senderKeys(reveal: (profileId: string) => Promise<string>) {
  const known = new Map<string, { secret: string; key: Promise<string> }>()
  return async (profileId: string): Promise<string | null> => {
    const secret = await reveal(profileId).catch(() => null)
    if (secret === null) return null
    const cached = known.get(profileId)
    if (cached?.secret === secret) return cached.key
    const key = senderKeyOf(secret, profileId)
    known.set(profileId, { secret, key })
    return key
  }
}
