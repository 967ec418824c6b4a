import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.ts'

export const FINGERPRINT_KEY_FILE = 'fingerprint.key'

/**
 * The per-install key that secret fingerprints are keyed with (32 random bytes, hex, mode 0600 in the
 * data folder). Without it a fingerprint would be a plain hash, and anyone who sees one could test
 * guesses of a weak secret against it; with it they would also need this file.
 */
export function loadFingerprintKey(dataDir: string): Buffer {
  ensurePrivateDir(dataDir)
  const file = join(dataDir, FINGERPRINT_KEY_FILE)
  ensurePrivateFile(file)
  const existing = readFileSync(file, 'utf8').trim()
  if (/^[0-9a-f]{64}$/.test(existing)) return Buffer.from(existing, 'hex')
  // Missing or unreadable garbage: a new key only changes how fingerprints look, never a secret.
  const key = randomBytes(32)
  writeFileSync(file, key.toString('hex'), { mode: 0o600 })
  return key
}
