import { spawnSync } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { FINGERPRINT_KEY_FILE, loadFingerprintKey } from '../../electron/secrets/fingerprint-key.ts'
import {
  createKeychainSecretStore,
  fingerprintOf,
  keychainService,
} from '../../electron/secrets/secret-store.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// Runs against the real Secret Service (CI starts gnome-keyring under dbus-run-session).
const service = `Payout Desk test ${randomUUID()}`
const install = makeTempDir()
const key = loadFingerprintKey(install.dir)
const store = createKeychainSecretStore(service, key)
const fingerprint = (secret: string) => fingerprintOf(secret, key)
afterAll(() => install.cleanup())
const account = 'profile-1'

afterEach(async () => {
  await store.delete(account)
})

describe('keychain secret store', () => {
  it("keeps the app's entries under PAYOUT_DESK_KEYCHAIN_SERVICE when it is set, else under Payout Desk", async () => {
    expect(keychainService({})).toBe('Payout Desk')
    const own = `Payout Desk isolated ${randomUUID()}`
    const isolated = createKeychainSecretStore(keychainService({ PAYOUT_DESK_KEYCHAIN_SERVICE: own }), key)
    const elsewhere = createKeychainSecretStore('Payout Desk', key)
    await isolated.set(account, 'only-in-the-isolated-service')
    try {
      expect(await isolated.reveal(account)).toBe('only-in-the-isolated-service')
      expect((await elsewhere.status(account)).stored).toBe(false)
    } finally {
      await isolated.delete(account)
    }
  })

  it('stores, fingerprints, reveals and deletes a secret', async () => {
    expect(await store.status(account)).toEqual({ stored: false, fingerprint: null })
    const secret = 'dbecac55466b4958a2d06069fcf49e18'
    const saved = await store.set(account, secret)
    expect(saved).toEqual({ stored: true, fingerprint: fingerprint(secret) })
    expect(saved.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/)
    expect(saved.fingerprint).not.toContain(secret.slice(0, 4))
    expect(await store.status(account)).toEqual(saved)
    expect(await store.reveal(account)).toBe(secret)
    await store.delete(account)
    expect(await store.status(account)).toEqual({ stored: false, fingerprint: null })
  })

  it('replaces a secret, and keeps a multi-line private key byte for byte', async () => {
    await store.set(account, 'first')
    const pem = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}\n${'B'.repeat(40)}==\n-----END PRIVATE KEY-----\n`
    const replaced = await store.set(account, pem)
    expect(replaced.fingerprint).toBe(fingerprint(pem))
    expect(await store.reveal(account)).toBe(pem)
  })

  it('fingerprints with a per-install key, so a fingerprint does not confirm a guessed secret', async () => {
    const secret = 'dbecac55466b4958a2d06069fcf49e18'
    const saved = await store.set(account, secret)
    const plainHash = createHash('sha256').update(secret).digest('hex').slice(0, 16)
    expect(saved.fingerprint?.replace(/ /g, '')).not.toBe(plainHash)
    // Another install holding the same secret shows another fingerprint; this one keeps its own.
    const other = makeTempDir()
    try {
      const otherStore = createKeychainSecretStore(service, loadFingerprintKey(other.dir))
      expect((await otherStore.status(account)).fingerprint).not.toBe(saved.fingerprint)
    } finally {
      other.cleanup()
    }
    expect(loadFingerprintKey(install.dir).equals(key)).toBe(true)
    if (process.platform !== 'win32') {
      expect(statSync(join(install.dir, FINGERPRINT_KEY_FILE)).mode & 0o777).toBe(0o600)
    }
  })

  it('refuses empty or absurdly long secrets without touching the stored one', async () => {
    await store.set(account, 'keep-me')
    await expect(store.set(account, '   ')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(store.set(account, 'x'.repeat(20_000))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await store.reveal(account)).toBe('keep-me')
  })

  it('says plainly when no secret is stored', async () => {
    const error: unknown = await store.reveal(account).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'NOT_FOUND' })
    expect((error as AppError).message).toMatch(/Settings → Profiles/)
  })

  it('tells the person what to install or unlock when no Secret Service answers', () => {
    const probe = `
      import { createKeychainSecretStore } from './electron/secrets/secret-store.ts'
      createKeychainSecretStore('Payout Desk probe').status('x').then(
        () => console.log(JSON.stringify({ ok: true })),
        (e) => console.log(JSON.stringify({ code: e.code, message: e.message })))`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
      encoding: 'utf8',
      timeout: 15_000,
    })
    const result = JSON.parse(child.stdout.trim()) as { code: string; message: string }
    expect(result.code).toBe('SECRET_STORE_UNAVAILABLE')
    expect(result.message).toMatch(/cannot reach the system keychain.*gnome-keyring/)
  })
})
