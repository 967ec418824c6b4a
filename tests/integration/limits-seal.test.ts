import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { loadFingerprintKey } from '../../electron/secrets/fingerprint-key.ts'
import {
  knownLimited,
  markLimited,
  refreshLimitsMarker,
  sealKey,
} from '../../electron/secrets/limits-seal.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * electron/secrets/limits-seal.ts against the real Secret Service: the seal key and the list of limited
 * profiles belong to one ledger (one data folder). Two installs of the same person, which share the
 * keychain, never overwrite each other's, and one made by an earlier version (shared by all installs)
 * is still read, so limits sealed then stay sound.
 */
const service = `Payout Desk test ${randomUUID()}`
const dirs = [makeTempDir(), makeTempDir()]
afterAll(() => {
  for (const d of dirs) d.cleanup()
})
const storeOf = (i: number) => createKeychainSecretStore(service, loadFingerprintKey(dirs[i]?.dir ?? ''))

describe('the seal key and the limited profiles of one install', () => {
  it('are made per install: a second ledger on the same computer has its own', async () => {
    const [a, b] = [storeOf(0), storeOf(1)]
    expect(a.install).not.toBe(b.install)
    // The same data folder is the same install, whichever process opens it (the window, the CLI).
    expect(storeOf(0).install).toBe(a.install)
    const keyA = await sealKey(a, true)
    const keyB = await sealKey(b, true)
    expect(keyA).not.toBeNull()
    expect(keyB).not.toBeNull()
    expect(keyB?.equals(keyA as Buffer)).toBe(false)
    expect((await sealKey(a, false))?.equals(keyA as Buffer)).toBe(true)

    await markLimited(a, 'profile-of-a')
    await markLimited(b, 'profile-of-b')
    await refreshLimitsMarker(a)
    expect([knownLimited('profile-of-a'), knownLimited('profile-of-b')]).toEqual([true, false])
  })

  it("reads the one an earlier version kept for all installs, and keeps it as this install's", async () => {
    const legacyService = `Payout Desk test ${randomUUID()}`
    const fresh = makeTempDir()
    dirs.push(fresh)
    const store = createKeychainSecretStore(legacyService, loadFingerprintKey(fresh.dir))
    const legacy = 'ab'.repeat(32)
    await store.set('release-limits-seal', legacy)
    await store.set('release-limits-profiles', JSON.stringify(['sealed-before']))
    expect((await sealKey(store, false))?.toString('hex')).toBe(legacy)
    await refreshLimitsMarker(store)
    expect(knownLimited('sealed-before')).toBe(true)
    expect(await store.reveal(`release-limits-seal/${store.install}`)).toBe(legacy)
  })
})
