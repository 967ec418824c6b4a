import { mixesLookAlikeLetters, passesForLatin } from './look-alike-letters.ts'

/**
 * Field definitions shared by the form (validated as the person types) and main (re-checked before
 * anything is written). Rules are data so a new area or gateway is a table entry, not new code.
 */
export type FieldRule =
  | { kind: 'text'; maxLength: number }
  | { kind: 'digits'; minLength: number; maxLength: number }
  | { kind: 'pattern'; pattern: RegExp; maxLength: number }
  | { kind: 'email' }
  | { kind: 'oneOf'; values: readonly string[] }

export interface FieldDef {
  /** The gateway's own field name, sent as is. */
  key: string
  rule: FieldRule
  /** Required unless `requiredWhen` says otherwise. */
  required: boolean
  /** Required only when another field has one of these values (BluePay's per-method fields). */
  requiredWhen?: { field: string; values: readonly string[] }
  /** Shown next to the input: what a valid value looks like. */
  example?: string
}

export type FieldProblem =
  'required' | 'format' | 'too_long' | 'not_allowed' | 'mixed_letters' | 'look_alike_letters'

export interface FieldError {
  field: string
  problem: FieldProblem
}

// Deliberately plain: one @, something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * A control character (C0, DEL, C1): most fonts draw them as nothing, so "Dewi\u0085Lestari" would look
 * like a name it is not (review 63, F3). A text field refuses them; so does a file's cell (cell-checks.ts).
 */
export const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f)

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isControl(value.charCodeAt(i))) return true
  return false
}

function checkRule(rule: FieldRule, value: string): FieldProblem | null {
  switch (rule.kind) {
    case 'text':
      if (hasControl(value)) return 'format'
      if (mixesLookAlikeLetters(value)) return 'mixed_letters'
      if (passesForLatin(value)) return 'look_alike_letters'
      return value.length > rule.maxLength ? 'too_long' : null
    case 'digits':
      if (!/^\d+$/.test(value)) return 'format'
      return value.length < rule.minLength || value.length > rule.maxLength ? 'format' : null
    case 'pattern':
      if (value.length > rule.maxLength) return 'too_long'
      return rule.pattern.test(value) ? null : 'format'
    case 'email':
      return value.length <= 254 && EMAIL.test(value) ? null : 'format'
    case 'oneOf':
      return rule.values.includes(value) ? null : 'not_allowed'
  }
}

function isRequired(def: FieldDef, values: Readonly<Record<string, string>>): boolean {
  if (!def.requiredWhen) return def.required
  return def.requiredWhen.values.includes(values[def.requiredWhen.field] ?? '')
}

// An import validates 100,000 rows against the same few definitions; build each key set once.
const keySets = new WeakMap<readonly FieldDef[], ReadonlySet<string>>()
function knownKeys(defs: readonly FieldDef[]): ReadonlySet<string> {
  let keys = keySets.get(defs)
  if (!keys) keySets.set(defs, (keys = new Set(defs.map((d) => d.key))))
  return keys
}

/**
 * Trims every value, drops empty optional ones, and reports every problem at once so a form or an
 * import row can show them all. Unknown keys are refused: nothing unvalidated reaches a gateway.
 */
export function validateFields(
  defs: readonly FieldDef[],
  input: Readonly<Record<string, string | undefined>>,
): { ok: true; values: Record<string, string> } | { ok: false; errors: FieldError[] } {
  const values: Record<string, string> = {}
  for (const [key, raw] of Object.entries(input)) {
    const value = (raw ?? '').trim()
    if (value !== '') values[key] = value
  }
  const errors: FieldError[] = []
  const known = knownKeys(defs)
  for (const key of Object.keys(values))
    if (!known.has(key)) errors.push({ field: key, problem: 'not_allowed' })
  for (const def of defs) {
    const value = values[def.key]
    if (value === undefined) {
      if (isRequired(def, values)) errors.push({ field: def.key, problem: 'required' })
      continue
    }
    const problem = checkRule(def.rule, value)
    if (problem) errors.push({ field: def.key, problem })
  }
  return errors.length ? { ok: false, errors } : { ok: true, values }
}
