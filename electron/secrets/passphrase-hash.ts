import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * The release passphrase is kept only as a slow salted hash: scrypt at N=2^17, r=8, p=1 (OWASP's
 * minimum). Older hashes carry their own cost in the stored text and are rehashed on the next success.
 */
export const PASSPHRASE_COST = { N: 2 ** 17, r: 8, p: 1 } as const

interface Cost {
  N: number
  r: number
  p: number
}

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) refuses N=2^17, so the cap follows the cost. */
const maxmemFor = ({ N, r }: Cost) => 128 * N * r + 16 * 1024 * 1024

function derive(passphrase: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: maxmemFor(cost) }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

export async function hashPassphrase(passphrase: string, cost: Cost = PASSPHRASE_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(passphrase, salt, cost)
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

function parse(stored: string): { cost: Cost; salt: Buffer; hash: Buffer } | null {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  if (kind !== 'scrypt' || !salt || !hash) return null
  // Only costs this code could have written: a tampered cost must not make the check free or endless.
  if (![2 ** 15, 2 ** 16, 2 ** 17].includes(cost.N) || cost.r !== 8 || cost.p !== 1) return null
  return { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }
}

export async function passphraseMatches(passphrase: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) return false
  const actual = await derive(passphrase, parsed.salt, parsed.cost)
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash)
}

/** True for a hash made at a lower cost than today's. */
export const needsRehash = (stored: string): boolean => {
  const parsed = parse(stored)
  return parsed !== null && parsed.cost.N < PASSPHRASE_COST.N
}
