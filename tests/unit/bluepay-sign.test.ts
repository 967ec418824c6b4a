import { execFileSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  generateMerchantKeyPair,
  parsePrivateKey,
  parsePublicKey,
  signParam,
  signParamOffThread,
  verifyParam,
  type MerchantKeyPair,
} from '../../electron/providers/bluepay/sign.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// The seed document's notification param, byte for byte (note the space before "transactionStatus").
const PARAM =
  '{"amount":10000,"createTime":"2023-03-02 09:25:12","eventName":"disbursement.success","mchOrderId":"TestMchOrderIdD0001","remark":"remark","returnTime":"2023-03-02 09:25:12","transactionId":"D1631118424367169536", "transactionStatus":"COMPLETED"}'

let pair: MerchantKeyPair
const tmp = makeTempDir('bluepay-sign-')

beforeAll(async () => {
  pair = await generateMerchantKeyPair()
}, 60_000)
afterAll(() => tmp.cleanup())

describe('generateMerchantKeyPair', () => {
  it('makes a 4096-bit RSA pair whose public half is base64 SPKI', () => {
    const pub = createPublicKey({
      key: Buffer.from(pair.publicKeyBase64, 'base64'),
      format: 'der',
      type: 'spki',
    })
    expect(pub.asymmetricKeyType).toBe('rsa')
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(4096)
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
  })
})

describe('signParam / verifyParam', () => {
  it('signs the same off the main thread as inline (RSA PKCS#1 v1.5 is deterministic)', async () => {
    const key = parsePrivateKey(pair.privateKeyPem)
    await expect(signParamOffThread(PARAM, key)).resolves.toBe(signParam(PARAM, key))
  })

  it('signs the exact param bytes with SHA256withRSA, as an independent implementation (openssl) checks', () => {
    const signature = signParam(PARAM, parsePrivateKey(pair.privateKeyPem))
    const files = { param: join(tmp.dir, 'param'), sig: join(tmp.dir, 'sig'), pub: join(tmp.dir, 'pub.pem') }
    writeFileSync(files.param, PARAM)
    writeFileSync(files.sig, Buffer.from(signature, 'base64'))
    writeFileSync(files.pub, parsePublicKey(pair.publicKeyBase64).export({ type: 'spki', format: 'pem' }))
    const out = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      files.pub,
      '-signature',
      files.sig,
      files.param,
    ])
    expect(out.toString().trim()).toBe('Verified OK')
  })

  it('verifies what openssl signed, and is deterministic (PKCS#1 v1.5)', () => {
    const keyFile = join(tmp.dir, 'key.pem')
    writeFileSync(keyFile, pair.privateKeyPem)
    const param = '{"mchOrderId":"PD20261123A","timestamp":1763900000000,"accountName":"สมชาย ใจดี"}'
    writeFileSync(join(tmp.dir, 'p2'), param)
    const theirs = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-sign',
      keyFile,
      join(tmp.dir, 'p2'),
    ]).toString('base64')
    const key = parsePrivateKey(pair.privateKeyPem)
    expect(signParam(param, key)).toBe(theirs)
    expect(verifyParam(param, theirs, parsePublicKey(pair.publicKeyBase64))).toBe(true)
  })

  it('rejects a tampered, re-serialised or foreign-signed param', async () => {
    const pub = parsePublicKey(pair.publicKeyBase64)
    const signature = signParam(PARAM, parsePrivateKey(pair.privateKeyPem))
    expect(verifyParam(PARAM, signature, pub)).toBe(true)
    expect(verifyParam(PARAM.replace('COMPLETED', 'FAILED'), signature, pub)).toBe(false)
    // The same data re-serialised (the stray space removed) is different bytes and must not verify.
    expect(verifyParam(JSON.stringify(JSON.parse(PARAM)), signature, pub)).toBe(false)
    const other = await generateMerchantKeyPair(2048)
    expect(verifyParam(PARAM, signParam(PARAM, parsePrivateKey(other.privateKeyPem)), pub)).toBe(false)
    for (const bad of ['', 'abcdef', '!!!', `${signature}x`]) expect(verifyParam(PARAM, bad, pub)).toBe(false)
  }, 30_000)
})

describe('key parsing', () => {
  it('reads PEM, PKCS#1 PEM and bare base64 PKCS#8 private keys alike', () => {
    const key = parsePrivateKey(pair.privateKeyPem)
    const pkcs1 = key.export({ type: 'pkcs1', format: 'pem' }).toString()
    const base64 = key.export({ type: 'pkcs8', format: 'der' }).toString('base64')
    const wrapped = base64.replace(/(.{64})/g, '$1\n')
    for (const text of [pkcs1, base64, wrapped]) {
      expect(signParam(PARAM, parsePrivateKey(text))).toBe(signParam(PARAM, key))
    }
  })

  it('explains in plain words what is wrong with a pasted key', () => {
    expect(() => parsePrivateKey('hello')).toThrow(/not a private key Payout Desk can read/)
    expect(() => parsePrivateKey(pair.publicKeyBase64)).toThrow(/not a private key/)
    expect(() => parsePublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      /not a public key/,
    )
    const ec = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'])
    expect(() => parsePrivateKey(ec.toString())).toThrow(/not an RSA key/)
  })
})
