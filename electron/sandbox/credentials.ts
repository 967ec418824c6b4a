import { createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * Test credentials for the built-in sandbox. Public on purpose (they protect nothing and are printed by
 * `npm run sandbox`); a real gateway never accepts them.
 */
export const SANDBOX_VEXORA = { merchantNo: '0000000001', secret: 'sandbox-0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f' }
export const SANDBOX_BLUEPAY_APP_ID = 'SANDBOX-APP-0001'

export interface SandboxKeys {
  merchantPrivateKeyPem: string
  merchantPublicKeyPem: string
  bluepayPrivateKeyPem: string
  bluepayPublicKeyPem: string
}

// From electron/sandbox/ in the sources and from out/main/ in the bundle alike, the repo root is two up.
export const DEFAULT_SANDBOX_KEY_DIR = resolve(import.meta.dirname, '../../resources/sandbox')

export function loadSandboxKeys(dir = DEFAULT_SANDBOX_KEY_DIR): SandboxKeys {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8')
  const publicOf = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString()
  const merchantPrivateKeyPem = read('merchant-private-key.pem')
  const bluepayPrivateKeyPem = read('bluepay-private-key.pem')
  return {
    merchantPrivateKeyPem,
    merchantPublicKeyPem: publicOf(merchantPrivateKeyPem),
    bluepayPrivateKeyPem,
    bluepayPublicKeyPem: publicOf(bluepayPrivateKeyPem),
  }
}
