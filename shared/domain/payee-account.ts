import { firstOf, type PayoutShape } from '../providers/payout-shape.ts'

/**
 * Where the money goes, as the gateway reads it: its bank fields and the account field, nothing else (a
 * new mobile number is not a new account; a new bank code is).
 */
export function accountFieldsOf(shape: PayoutShape, fields: Readonly<Record<string, string>>) {
  const out: Record<string, string> = {}
  for (const key of [...shape.bankFields, shape.accountField]) {
    const value = fields[key]
    if (value) out[key] = value
  }
  return out
}

export const accountKeyOf = (account: Readonly<Record<string, string>>): string =>
  Object.keys(account)
    .sort()
    .map((k) => `${k}=${account[k] ?? ''}`)
    .join('&')

/**
 * The characters that show as nothing: Unicode's default-ignorable code points (zero-width spaces and
 * joiners, direction marks, the soft hyphen, variation selectors, tags…). "Dewi\u200bLestari" looks like
 * "DewiLestari" to everybody. Listed here rather than taken from the engine's tables, so the team
 * ledger's fold (team migration 13) drops exactly these; a test holds the list to the engine's.
 */
export const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfff8],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
]
/**
 * Characters drawn as a blank that neither `\s` nor the list above holds: the braille blank (U+2800),
 * "Dewi\u2800Lestari" looks like "Dewi Lestari" (review 63, F3). Dropped from a key with the others.
 */
export const BLANK_RANGES: readonly (readonly [number, number])[] = [[0x2800, 0x2800]]
/**
 * Control characters that `\s` does not take (it takes the tab, the line ends, the vertical tab and form
 * feed): drawn as nothing, or as a box, never as a letter. Fields refuse them at every door now, but a
 * name saved before could hold one, and "Dewi\u0007Lestari" kept a key of its own (review 64). NUL is left
 * out: PostgreSQL's text cannot hold it, and fields always refused it.
 */
export const CONTROL_RANGES: readonly (readonly [number, number])[] = [
  [0x01, 0x08],
  [0x0e, 0x1f],
  [0x7f, 0x9f],
]
const hex = (code: number) => `\\u{${code.toString(16)}}`
const INVISIBLE = new RegExp(
  `[${[...INVISIBLE_RANGES, ...BLANK_RANGES, ...CONTROL_RANGES].map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('')}]`,
  'gu',
)
export const dropInvisible = (text: string): string => text.replace(INVISIBLE, '')

/**
 * A name as people compare it: "SITI  rahma", "Siti Rahma" and "SitiRahma" are one person. Spaces are
 * dropped, not just collapsed, because a fraudster's "account changed" message need only move one; and
 * characters that show as nothing (and control characters), because a name with them looks like the name
 * without them. Composed
 * again once they are gone: one between a letter and its accent kept the two from composing, so
 * "Jose\u034f\u0301" (drawn "José") would have kept a key of its own (review 63). A name without them
 * keys as it always did (the keys kept in ledgers stay right).
 */
export function nameKey(name: string): string {
  const spaceless = name.normalize('NFKC').replace(/\s+/g, '')
  const visible = dropInvisible(spaceless)
  return (visible === spaceless ? spaceless : visible.normalize('NFKC')).toLowerCase()
}

const sortedAccountFields = new WeakMap<PayoutShape, readonly string[]>()
/** accountKeyOf(accountFieldsOf(shape, fields)), without the object between (a file's rows ask for it). */
export function accountKeyIn(shape: PayoutShape, fields: Readonly<Record<string, string>>): string {
  let keys = sortedAccountFields.get(shape)
  if (!keys) sortedAccountFields.set(shape, (keys = [...shape.bankFields, shape.accountField].sort()))
  let key = ''
  for (const k of keys) {
    const value = fields[k]
    if (value) key += `${key ? '&' : ''}${k}=${value}`
  }
  return key
}

/**
 * Whom a payout pays, as the payee rule compares payees: its name's key (the account number when it
 * names nobody) and its bank and account fields as one text. Kept on the payout when written, on a
 * desk's ledger and on the team's (team migration 10, where the book computes the same keys itself in
 * write_payouts: a change here must come with migrations that compute them again for every payout).
 */
export function payeeKeysOf(
  shape: PayoutShape,
  fields: Readonly<Record<string, string>>,
  accountNo: string = fields[shape.accountField] ?? '',
) {
  return { name: payeeNameKeyOf(shape, fields, accountNo), account: accountKeyIn(shape, fields) }
}

/** payeeKeysOf's name key alone (a team file's rows send only it: the book computes the account's). */
export const payeeNameKeyOf = (
  shape: PayoutShape,
  fields: Readonly<Record<string, string>>,
  accountNo: string = fields[shape.accountField] ?? '',
): string => nameKey(payeeNameOf(shape, fields, accountNo))

/** The name a payee is known by: the first name field filled, else the account number. */
export const payeeNameOf = (
  shape: PayoutShape,
  fields: Readonly<Record<string, string>>,
  accountNo: string = fields[shape.accountField] ?? '',
): string => firstOf(fields, shape.nameFields) ?? accountNo

/**
 * Whether a text holds a character that shows as nothing (or as a blank, or a control character): the team
 * book keys no such name.
 */
export const hasInvisible = (text: string): boolean => dropInvisible(text) !== text

/** Old and new account in one line, for a warning or the CLI: "bankCode 0002, bankAccountNo 0012345". */
export const accountWords = (account: Readonly<Record<string, string>>): string =>
  Object.entries(account)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
