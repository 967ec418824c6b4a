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
 * A name as people compare it: "SITI  rahma", "Siti Rahma" and "SitiRahma" are one person. Spaces are
 * dropped, not just collapsed, because a fraudster's "account changed" message need only move one.
 */
export const nameKey = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase()

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
): string => nameKey(firstOf(fields, shape.nameFields) ?? accountNo)

/** Old and new account in one line, for a warning or the CLI: "bankCode 0002, bankAccountNo 0012345". */
export const accountWords = (account: Readonly<Record<string, string>>): string =>
  Object.entries(account)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
