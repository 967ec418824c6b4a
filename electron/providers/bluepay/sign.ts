import { createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'
import type { ErrorText } from '../../../shared/messages/errors.ts'
import { AppError } from '../../errors.ts'

/**
 * BluePay's envelope signature (bluepay-api.md §2–3): SHA256withRSA over the exact `param` string that is
 * sent (its UTF-8 bytes), base64. The digest is inferred from the same engine's other portals; confirm it
 * with BluePay before going live. Verification always runs on the raw received string, before parsing.
 */
export function signParam(param: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(param, 'utf8'), privateKey).toString('base64')
}

const signInPool = promisify(sign)

/**
 * The same signature, computed on libuv's thread pool. An RSA-4096 private-key operation takes ~7 ms;
 * done inline, eight concurrent status checks would stall the main process's event loop for ~60 ms.
 */
export async function signParamOffThread(param: string, privateKey: KeyObject): Promise<string> {
  return (await signInPool('sha256', Buffer.from(param, 'utf8'), privateKey)).toString('base64')
}

/**
 * The signature may come wrapped (Java's MIME encoder breaks lines every 76 characters) or with a
 * trailing newline: whitespace is not part of base64, so it is dropped. `param` is used byte for byte.
 */
export function verifyParam(param: string, signature: string, publicKey: KeyObject): boolean {
  const compact = signature.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return false
  try {
    return verify('sha256', Buffer.from(param, 'utf8'), publicKey, Buffer.from(compact, 'base64'))
  } catch {
    return false
  }
}

const PEM = /-----BEGIN [A-Z ]+-----/

function der(text: string): Buffer {
  const compact = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new Error('not base64')
  return Buffer.from(compact, 'base64')
}

function requireRsa(key: KeyObject, what: 'private' | 'public'): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AppError('INVALID_INPUT', { key: 'notRsaKey', params: { what } })
  }
  return key
}

/** Reads a key from PEM or bare base64 DER; anything unreadable becomes the plain-language `unreadable`. */
function readRsaKey(
  text: string,
  what: 'private' | 'public',
  fromText: () => KeyObject,
  fromDer: (der: Buffer) => KeyObject,
  unreadable: ErrorText,
): KeyObject {
  try {
    return requireRsa(PEM.test(text) ? fromText() : fromDer(der(text)), what)
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('INVALID_INPUT', unreadable, { cause: error })
  }
}

/** The merchant's private key, as PEM (PKCS#8 or PKCS#1) or as the bare base64 PKCS#8 BluePay's docs show. */
export function parsePrivateKey(text: string): KeyObject {
  return readRsaKey(
    text,
    'private',
    () => createPrivateKey(text),
    (key) => createPrivateKey({ key, format: 'der', type: 'pkcs8' }),
    { key: 'privateKeyUnreadable' },
  )
}

/** BluePay's public key (for callbacks), as PEM or bare base64 X.509 SubjectPublicKeyInfo. */
export function parsePublicKey(text: string): KeyObject {
  // Node derives a public key from a private one: a private key pasted here by mistake would be taken,
  // and stored where the gateway's key is kept (a team ledger every person reads). Refused, never kept.
  if (/PRIVATE KEY/.test(text) || isPrivateKey(text))
    throw new AppError('INVALID_INPUT', { key: 'publicKeyIsPrivate' })
  return readRsaKey(
    text,
    'public',
    () => createPublicKey(text),
    (key) => createPublicKey({ key, format: 'der', type: 'spki' }),
    { key: 'publicKeyUnreadable' },
  )
}

function isPrivateKey(text: string): boolean {
  try {
    createPrivateKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' })
    return true
  } catch {
    return false
  }
}

export interface MerchantKeyPair {
  /** Goes to the keychain; never shown again. */
  privateKeyPem: string
  /** What the merchant sends to BluePay: base64 X.509 SubjectPublicKeyInfo, as in BluePay's Java sample. */
  publicKeyBase64: string
}

const generateRsa = promisify(generateKeyPair)

/** BluePay requires 4096-bit keys. Generation takes a second or more, so it runs off the event loop. */
export async function generateMerchantKeyPair(modulusLength = 4096): Promise<MerchantKeyPair> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength, publicExponent: 0x10001 })
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  }
}
