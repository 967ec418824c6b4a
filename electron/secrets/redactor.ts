import { maskPersonalData } from './personal-data.ts'
import { MASK, isSecretField, redactSecretFields } from './secret-fields.ts'
import type { SecretStore } from './secret-store.ts'

/**
 * Takes secrets, signatures and personal data out of text before it is written anywhere a person might
 * send on (the log file, stderr). Layers: every secret the keychain handed out in this process is
 * removed in each of its spellings, in any letter case; a value under a secret-ish field name is
 * removed whoever supplied it (a profile file, a gateway's error body); anything shaped like a private
 * key, a signature or a long key-like string is removed whatever it belongs to, also when wrapped over
 * lines; account numbers, phones and e-mails keep only their last four characters.
 */
export interface Redactor {
  /** Remembers a secret (and its base64 and hex forms, and a PEM's body lines) to remove from text. */
  remember(secret: string): void
  /** Secrets, signatures and personal data out: for logs and error messages. */
  redact(text: string): string
  /** Secrets and signatures out, personal data kept: for what a person must read whole (a changed account). */
  redactSecrets(text: string): string
}

export { MASK, isSecretField }

// Shorter pieces would eat ordinary words; real secrets are longer.
const MIN_REMEMBERED = 6

const PEM_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g
// A Vexora sign is 32 hex digits, a BluePay one ~680 base64 characters; ids and references are shorter.
const LONG_HEX = /\b[0-9a-fA-F]{32,}\b/g
// A long base64 run, with the lines it was wrapped onto (real or JSON-escaped line breaks): the last
// line of a wrapped signature is short, so it is only recognisable as the tail of the one before.
const WRAPPED_BASE64 =
  /[A-Za-z0-9+/_-]{60,}(?:(?:\r?\n|(?:\\r)?\\n)[ \t]*[A-Za-z0-9+/_-]+={0,2}(?=\r?\n|(?:\\r)?\\n|\\?"|$))*={0,2}/g
// A file path in a stack trace is a long run of the same characters: key material mixes cases and
// digits, with a slash only now and then.
const looksLikeKeyMaterial = (run: string) =>
  /[0-9]/.test(run) &&
  /[a-z]/.test(run) &&
  /[A-Z]/.test(run) &&
  (run.match(/\//g)?.length ?? 0) <= run.length / 16

function spellings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const forms = [
    secret,
    secret.trim(),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    JSON.stringify(secret).slice(1, -1),
    // As a team ledger's URL carries a password.
    encodeURIComponent(secret),
  ]
  // A PEM key: its body, whole and line by line (text may carry it re-wrapped or JSON-escaped).
  const body = secret
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('-----'))
    .map((line) => line.trim())
  if (body.length > 1) {
    const der = Buffer.from(body.join(''), 'base64')
    forms.push(body.join(''), ...body, der.toString('hex'))
  }
  return forms.filter((f) => f.length >= MIN_REMEMBERED)
}

// The password of a database URL, whatever its length: a short one is not remembered, and a URL may
// come from somewhere no secret store saw (an environment variable, a command line).
const URL_PASSWORD = /\b(postgres(?:ql)?:\/\/[^:/\s@]*:)[^@\s]*@/gi

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function createRedactor(): Redactor {
  const known = new Set<string>()
  let pattern: RegExp | null = null
  const redactSecrets = (text: string) =>
    redactSecretFields(
      (pattern ? text.replace(pattern, MASK) : text).replace(PEM_BLOCK, `${MASK} private key`),
    )
      .replace(LONG_HEX, MASK)
      .replace(URL_PASSWORD, `$1${MASK}@`)
      .replace(WRAPPED_BASE64, (run) => (looksLikeKeyMaterial(run) ? MASK : run))
  return {
    remember(secret) {
      const before = known.size
      for (const form of spellings(secret)) known.add(form)
      // Longest first, so a secret's line is not cut out of the middle of its whole body first. Any
      // letter case: a hex or a secret echoed upper-cased by a gateway is the same secret.
      if (known.size !== before)
        pattern = new RegExp(
          [...known]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'gi',
        )
    },
    redactSecrets,
    redact: (text) => maskPersonalData(redactSecrets(text)),
  }
}

/** The same store, telling `redactor` every secret that passes through it in this process. */
export function rememberedBy(store: SecretStore, redactor: Redactor): SecretStore {
  return {
    ...store,
    async set(account, secret) {
      redactor.remember(secret)
      return store.set(account, secret)
    },
    async reveal(account) {
      const secret = await store.reveal(account)
      redactor.remember(secret)
      return secret
    },
  }
}
