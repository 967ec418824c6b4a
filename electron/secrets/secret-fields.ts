/**
 * Values known by the name of their field, in JSON (also JSON inside a JSON string, with escaped
 * quotes) and in `name=value` query or canonical strings. A secret is recognised by its field name
 * whoever supplied it: a profile file, a gateway's error body, a careless message.
 */

export const MASK = '[redacted]'

// Compared without case or separators: appKey, APP_KEY, private-key and privateKey are all "…key".
const SECRET_ENDINGS = [
  'passphrase',
  'password',
  'passwd',
  'pwd',
  'secret',
  'key',
  'sign',
  'signature',
  'token',
]

const normalised = (name: string) => name.replace(/[^A-Za-z0-9]/g, '').toLowerCase()

export const isSecretField = (name: string): boolean =>
  SECRET_ENDINGS.some((ending) => normalised(name).endsWith(ending))

/** Given a field's name and its value, the value to write instead, or null to keep it. */
export type FieldRewrite = (name: string, value: string) => string | null

const JSON_FIELD =
  /((?:\\)?"([A-Za-z0-9_.-]{1,64})(?:\\)?"\s*:\s*)(?:((?:\\)?")((?:[^"\\]|\\[^"])*)|(-?\d[\d.]*))/g
const PAIR = /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63})=(?:"([^"]*)"|'([^']*)'|([^&\s"'\\,;]+))/g

/** Runs `rewrite` over every `"name": value` and `name=value` in the text. */
export function rewriteFields(text: string, rewrite: FieldRewrite): string {
  return text
    .replace(JSON_FIELD, (whole, head: string, name: string, quote?: string, str?: string, num?: string) => {
      const value = quote === undefined ? (num ?? '') : (str ?? '')
      const replaced = rewrite(name, value)
      return replaced === null ? whole : `${head}${quote ?? ''}${replaced}`
    })
    .replace(PAIR, (whole, name: string, dq?: string, sq?: string, bare?: string) => {
      const replaced = rewrite(name, dq ?? sq ?? bare ?? '')
      if (replaced === null) return whole
      return dq !== undefined
        ? `${name}="${replaced}"`
        : sq !== undefined
          ? `${name}='${replaced}'`
          : `${name}=${replaced}`
    })
}

export const redactSecretFields = (text: string): string =>
  rewriteFields(text, (name) => (isSecretField(name) ? MASK : null))
