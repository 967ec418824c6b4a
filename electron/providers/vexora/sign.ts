import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Vexora's request and callback signature (vexora-api.md §1): every non-empty field except `sign`, keys in
 * ASCII order, `key=value` joined with nothing between pairs, the app secret appended, MD5 over the UTF-8
 * bytes, lowercase hex. Values are the exact strings that are sent; nothing is reformatted after signing.
 */
export type VexoraFields = Readonly<Record<string, string | null | undefined>>

export function canonicalString(fields: VexoraFields): string {
  // One pass and a plain loop: this runs for every request and every callback (bench: Vexora signing).
  const keys: string[] = []
  for (const key in fields) {
    const value = fields[key]
    if (key !== 'sign' && value !== undefined && value !== null && value !== '') keys.push(key)
  }
  // Plain code-unit order, as Java's String.compareTo on the gateway side: "bankAccountNo" < "bankCode".
  keys.sort()
  let text = ''
  for (const key of keys) text += `${key}=${fields[key] ?? ''}`
  return text
}

export function vexoraSign(fields: VexoraFields, secret: string): string {
  return createHash('md5')
    .update(canonicalString(fields) + secret, 'utf8')
    .digest('hex')
}

/** Checks a received body's `sign` over all its other fields, in constant time. */
export function verifyVexoraSign(fields: VexoraFields, secret: string): boolean {
  const received = fields.sign
  if (typeof received !== 'string' || !/^[0-9a-fA-F]{32}$/.test(received)) return false
  const expected = Buffer.from(vexoraSign(fields, secret), 'hex')
  return timingSafeEqual(expected, Buffer.from(received.toLowerCase(), 'hex'))
}
