import type { ImportIssue, ImportIssueCode } from '../../shared/ipc/import-contract.ts'
import { CURRENCIES, type CurrencyCode } from '../../shared/money.ts'
import { isControl, type FieldDef, type FieldProblem } from '../../shared/providers/fields.ts'
import type { CellNote } from './parse-csv.ts'

export const issue = (
  code: ImportIssueCode,
  target: string | null,
  message: string,
  params: ImportIssue['params'] = {},
): ImportIssue => ({ code, target, params, message })

/**
 * Fields that hold an identifier (account and phone numbers, bank and tax codes, the reference): a
 * spreadsheet number in one of them has lost its leading zeros, or digits at the end.
 */
export const isIdentifier = (def: FieldDef | undefined, target: string) =>
  target === 'reference' || def?.rule.kind === 'digits' || def?.rule.kind === 'pattern'

/** U+FFFD (a byte the decoder could not read) or a control character other than a line break. */
function unreadable(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0
    if (c === 0xfffd || (isControl(c) && c !== 0x0a && c !== 0x0d)) return true
  }
  return false
}
const LINE_BREAK = /[\r\n\u2028\u2029]/u
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i

/**
 * What is wrong with one cell for the use its column is mapped to, before the gateway's own rules:
 * what the person sees must be what is sent, or the row is refused with what to change.
 */
export function cellProblem(
  column: string,
  target: string,
  value: string,
  note: CellNote | undefined,
  identifier: boolean,
): ImportIssue | null {
  const params = { column, value }
  if (note?.kind === 'error')
    return issue(
      'cell_error',
      target,
      `${column} shows the spreadsheet error ${value}; fix the formula or type the value`,
      params,
    )
  if (unreadable(value))
    return issue(
      'cell_unreadable',
      target,
      `${column} has characters that could not be read, or invisible control characters; type it again, or save the file as CSV UTF-8`,
      { column },
    )
  if (LINE_BREAK.test(value))
    return issue('cell_line_break', target, `${column} has a line break; put it on one line`, { column })
  const checksNumbers = identifier || target === 'amount'
  const imprecise = (note?.kind === 'number' && !note.precise) || SCIENTIFIC.test(value)
  if (checksNumbers && imprecise)
    return issue(
      'number_precision',
      target,
      `${column} "${value}" is a number too long for a spreadsheet to keep every digit (from 16 digits the last ones are lost); format the column as Text and type it again`,
      params,
    )
  if (identifier && note?.kind === 'number' && !note.padded)
    return issue(
      'stored_as_number',
      target,
      `${column} "${value}" is stored as a number, so a leading zero may be lost; format the column as Text and type it again`,
      params,
    )
  return null
}

const PROBLEM_WORDS: Record<FieldProblem, string> = {
  required: 'is missing',
  format: 'is not valid',
  too_long: 'is too long',
  not_allowed: 'is not allowed',
  mixed_letters: 'mixes letters of alphabets that look alike (Latin with Cyrillic or Greek)',
  look_alike_letters: 'is written with letters that only look like Latin ones (such as a Cyrillic "Ѕ" for S)',
}

/** What a valid value looks like, in words for the message: "write digits only (1 to 30)". */
function expectedForm(def: FieldDef | undefined, problem: FieldProblem): string | null {
  if (!def || problem === 'required') return null
  if (problem === 'mixed_letters') return 'type it again in one alphabet'
  if (problem === 'look_alike_letters') return 'type it again in Latin letters, as the bank has it'
  const { rule } = def
  switch (rule.kind) {
    case 'digits':
      return `write digits only (${rule.minLength === rule.maxLength ? rule.maxLength : `${rule.minLength} to ${rule.maxLength}`})`
    case 'pattern':
      return def.example ? `write it like ${def.example}` : `at most ${rule.maxLength} letters or digits`
    case 'text':
      return `at most ${rule.maxLength} characters`
    case 'email':
      return 'write it like name@example.com'
    case 'oneOf':
      return `write one of ${rule.values.join(', ')}`
  }
}

export function fieldIssue(
  column: string | undefined,
  target: string,
  def: FieldDef | undefined,
  problem: FieldProblem,
): ImportIssue {
  const expected = expectedForm(def, problem)
  const name = column ?? target
  const words = `${name} ${PROBLEM_WORDS[problem]}${column === undefined && problem === 'required' ? ' (no column holds it)' : ''}`
  return issue(`field_${problem}`, target, expected ? `${words}: ${expected}` : words, {
    column: name,
    ...(expected ? { expected } : {}),
  })
}

/** "write 100000; IDR has no decimals" / "write 1500.50; THB has at most 2 decimals". */
export function amountForm(currency: CurrencyCode): string {
  const { decimals } = CURRENCIES[currency]
  return decimals === 0
    ? `write 100000; ${currency} has no decimals`
    : `write 1500.${'50'.padEnd(decimals, '0')}; ${currency} has at most ${decimals} decimals`
}

const quotedList = (names: readonly string[]) =>
  names.length <= 1
    ? names.map((n) => `"${n}"`).join('')
    : `${names
        .slice(0, -1)
        .map((n) => `"${n}"`)
        .join(', ')} or "${names.at(-1)}"`

/**
 * A field the gateway needs that no column holds, named as the person's file would name it: the
 * headers that are read as it (the first few in the sentence, all of them in `accepted`).
 */
export function missingColumnIssue(target: string, accepted: readonly string[]): ImportIssue {
  const shown = accepted.slice(0, 3)
  const name = shown[0] ?? target
  return issue(
    'column_missing',
    target,
    `${name} is missing: no column has a header for it; name one ${quotedList(shown)}`,
    { header: name, suggested: shown.join(', '), accepted: accepted.join(', ') },
  )
}
