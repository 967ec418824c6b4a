import type { SecretStore } from './secret-store.ts'

/**
 * Takes secrets and signatures out of text before it is written anywhere a person might send on (the
 * log file, stderr). Two layers: every secret the keychain handed out in this process is removed in
 * each of its spellings, and anything shaped like a private key, a signature or a long key-like string
 * is removed whatever it belongs to.
 */
export interface Redactor {
  /** Remembers a secret (and its base64 and hex forms, and a PEM's body lines) to remove from text. */
  remember(secret: string): void
  redact(text: string): string
}

const MASK = '[redacted]'
// Shorter pieces would eat ordinary words; real secrets are longer.
const MIN_REMEMBERED = 6

const PEM_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g
// "sign": "…" in JSON (also JSON inside a JSON string, with escaped quotes) and sign=… in query or
// canonical strings.
const SECRET_FIELD =
  /((?:\\)?"(?:sign|signature|secret|appSecret|app_secret|privateKey|private_key|password|token)(?:\\)?"\s*:\s*(?:\\)?")[^"\\]*/gi
const SECRET_PAIR = /\b(sign|signature|secret|appSecret|password|token)=([^&\s"\\,;]+)/gi
// A Vexora sign is 32 hex digits, a BluePay one ~680 base64 characters; ids and references are shorter.
const LONG_HEX = /\b[0-9a-fA-F]{32,}\b/g
const LONG_BASE64 = /[A-Za-z0-9+/_-]{60,}={0,2}/g
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
    bytes.toString('hex').toUpperCase(),
    JSON.stringify(secret).slice(1, -1),
  ]
  // A PEM key: its body, whole and line by line (text may carry it re-wrapped or JSON-escaped).
  const body = secret
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('-----'))
    .map((line) => line.trim())
  if (body.length > 1) {
    const der = Buffer.from(body.join(''), 'base64')
    forms.push(body.join(''), ...body, der.toString('hex'), der.toString('hex').toUpperCase())
  }
  return forms.filter((f) => f.length >= MIN_REMEMBERED)
}

export function createRedactor(): Redactor {
  const known = new Set<string>()
  let ordered: string[] = []
  return {
    remember(secret) {
      const before = known.size
      for (const form of spellings(secret)) known.add(form)
      // Longest first, so a secret's line is not cut out of the middle of its whole body first.
      if (known.size !== before) ordered = [...known].sort((a, b) => b.length - a.length)
    },
    redact(text) {
      let out = text
      for (const form of ordered) out = out.split(form).join(MASK)
      return out
        .replace(PEM_BLOCK, `${MASK} private key`)
        .replace(SECRET_FIELD, `$1${MASK}`)
        .replace(SECRET_PAIR, `$1=${MASK}`)
        .replace(LONG_HEX, MASK)
        .replace(LONG_BASE64, (run) => (looksLikeKeyMaterial(run) ? MASK : run))
    },
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
