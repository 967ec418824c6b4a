// Past the loop's timers, so what waits (a redraw, a gateway's answer) runs between the steps.
import { setTimeout as nextTurn } from 'node:timers/promises'
import { createHash, webcrypto } from 'node:crypto'
import { CURRENCIES, minorToDecimalString, parseAmount, type CurrencyCode } from '../../shared/money.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import { isValidReference, referenceRule } from '../../shared/providers/payout-shape.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'
import { acceptedHeaders, autoMapColumns, type ColumnTarget } from './column-map.ts'
import { sameNameElsewhere } from './same-name.ts'
import { bankCodeIndex, lostBankZeros, lostLetters, readMobile } from './row-values.ts'
import type { ParsedSheet } from './parse-csv.ts'
import { accountAmountKey, type ReviewMark } from '../ledger/import-review-repo.ts'
import { ledgerReviewBook, type ReviewBook } from './review-book.ts'
import { payeeOfRow } from './row-payee.ts'
import { sentRecentlyIssue } from './row-repeats.ts'
import type { ImportIssue, ImportRowView } from '../../shared/ipc/import-contract.ts'
import { fromThousandsDot, isThousandsDot, thousandsDotExample } from './amount-style.ts'
import {
  amountForm,
  cellProblem,
  fieldIssue,
  isIdentifier,
  issue,
  missingColumnIssue,
} from './cell-checks.ts'

export interface StagedRow {
  line: number
  amountMinor: number | null
  reference: string | null
  fields: Record<string, string>
  errors: ImportIssue[]
  warnings: ImportIssue[]
  /** Who the row pays (recipients directory); a changed account is also a warning to accept. */
  recipient: NonNullable<ImportRowView['recipient']> & { recipientId?: string }
}

export interface StagedImport {
  profileId: string
  currency: CurrencyCode
  fileName: string | null
  fileSha256: string
  /** Set when a file with exactly these contents was imported before. */
  previousImport: { batchId: string; at: number } | null
  mapping: Record<string, ColumnTarget | null>
  rows: StagedRow[]
  valid: number
  invalid: number
  totalMinor: number
  /** How far the ledger had got when this was checked: commit looks past it. */
  ledgerMark: ReviewMark
  /**
   * Set when the amount column is written with dots between thousands ("1.500.000"): the first such
   * amount, and whether the person confirmed that reading for the whole file. Until they do, nothing
   * of this file can be sent.
   */
  thousandsDot: { example: string; column: string; confirmed: boolean } | null
}

export interface StageOptions {
  /** The person's column mapping; by default matched from the headers. */
  mapping?: Record<string, ColumnTarget | null>
  /**
   * The person confirmed that this file's amounts use dots for thousands: for any column (`true`, the
   * command line's flag), or for the column and first example the window showed them. Another column
   * or example (a remap, an edit) is a new question the old answer does not cover.
   */
  thousandsDot?: boolean | { column: string; example: string }
  now?: number
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** The same digest from the thread pool: 40 MB take a tenth of a second, the window's thread none of it. */
export const sha256HexOffThread = async (bytes: Buffer): Promise<string> =>
  Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex')

/** The column each target is read from, for messages that name the column as the person wrote it. */
function columnsByTarget(mapping: Record<string, ColumnTarget | null>): Map<string, string> {
  const byTarget = new Map<string, string>()
  for (const [column, target] of Object.entries(mapping))
    if (target && !byTarget.has(target)) byTarget.set(target, column)
  return byTarget
}

export type ReviewSource = { fileName: string | null; sha256: string }

/** The columns a review reads: the person's mapping, or the one matched from the headers. */
export const mappingOf = (sheet: ParsedSheet, shape: PayoutShape, options: StageOptions) =>
  options.mapping ?? autoMapColumns(sheet.header, shape)

/**
 * What the review reads from the book once (the mark, the directory, the last 30 days' payouts), and
 * the check of one row against it and the rows before it; `finish` sums the checked rows up.
 */
function reviewOf(book: ReviewBook, sheet: ParsedSheet, source: ReviewSource, options: StageOptions) {
  const { shape, profileId, mark: ledgerMark, previous, recent, match } = book
  const mapping = mappingOf(sheet, shape, options)

  const columns = Object.entries(mapping).filter((entry): entry is [string, string] => entry[1] !== null)
  const columnOf = columnsByTarget(mapping)
  const defs = new Map(shape.fields.map((f) => [f.key, f]))
  const identifiers = new Set(columns.filter(([, t]) => isIdentifier(defs.get(t), t)).map(([, t]) => t))
  const amountColumn = columnOf.get('amount')
  const amountName = amountColumn ?? 'amount'
  // Names are text fields (BluePay falls back to the account number, which is no name).
  const names = new Set(shape.nameFields.filter((f) => defs.get(f)?.rule.kind === 'text'))
  const bankField = shape.bankFields[0]
  const bankCodes = bankCodeIndex(bankField && columnOf.has(bankField) ? book.bankCodes(bankField) : [])
  const mobile = defs.get('mobile')
  const sameName = sameNameElsewhere(shape, [...names])
  const encoding = sheet.source.encoding
  const noteOf = (i: number, column: string) => {
    const notes = sheet.notes[i]
    return notes && Object.hasOwn(notes, column) ? notes[column] : undefined
  }
  // Only text is written in a style: a spreadsheet number is a number, whatever its format shows.
  const example = amountColumn
    ? thousandsDotExample(
        sheet.rows.flatMap((r, i) =>
          noteOf(i, amountColumn)?.kind === 'number' ? [] : [r[amountColumn] ?? ''],
        ),
      )
    : null
  const thousandsDot =
    example && amountColumn
      ? {
          example,
          column: amountColumn,
          confirmed:
            options.thousandsDot === true ||
            (typeof options.thousandsDot === 'object' &&
              options.thousandsDot.column === amountColumn &&
              options.thousandsDot.example === example),
        }
      : null
  // "10.000.000" in a file whose other amounts are not written that way: say how to write this one,
  // not that the currency has no decimals. In a currency with decimals "1.500" may be one and a half,
  // so there only two or more dots say it.
  const amountAdvice = (text: string) =>
    !thousandsDot &&
    isThousandsDot(text) &&
    (CURRENCIES[shape.currency].decimals === 0 || text.split('.').length > 2)
      ? `write it without dots between thousands, ${fromThousandsDot(text)}`
      : amountForm(shape.currency)
  const readAmount = (text: string, isNumber: boolean) =>
    parseAmount(thousandsDot?.confirmed && !isNumber ? fromThousandsDot(text) : text, shape.currency)

  const seen = new Map<string, number>()
  const seenReferences = new Map<string, number>()
  const checkRow = (raw: Record<string, string>, i: number): StagedRow => {
    const line = sheet.lines[i] ?? i + 2
    const fields: Record<string, string> = {}
    const errors: ImportIssue[] = []
    const warnings: ImportIssue[] = []
    const refused = new Set<string>()
    let amountText = ''
    let amountIsNumber = false
    let reference: string | null = null
    for (const [column, target] of columns) {
      const value = raw[column] ?? ''
      const note = noteOf(i, column)
      const problem =
        (names.has(target) ? lostLetters(column, target, value, encoding) : null) ??
        cellProblem(column, target, value, note, identifiers.has(target)) ??
        (target === bankField ? lostBankZeros(column, target, value, bankCodes) : null)
      const phone =
        !problem && target === 'mobile' && mobile && value !== ''
          ? readMobile(column, value, mobile, shape.currency)
          : null
      const refusal = problem ?? (phone && 'problem' in phone ? phone.problem : null)
      if (refusal) {
        errors.push(refusal)
        refused.add(target)
      } else if (phone && 'value' in phone) fields[target] = phone.value
      else if (target === 'amount') {
        amountIsNumber = note?.kind === 'number'
        amountText = note?.kind === 'number' ? note.value : value
      } else if (target === 'reference') reference = value || null
      else if (value !== '') fields[target] = value
    }
    const amount = readAmount(amountText, amountIsNumber)
    if (refused.has('amount')) {
      // Already refused with what to change.
    } else if (!amountColumn) {
      errors.push(missingColumnIssue('amount', acceptedHeaders('amount', shape)))
    } else if (!amount.ok) {
      errors.push(
        amount.error === 'empty'
          ? issue('amount_missing', 'amount', `${amountName} is missing`, { column: amountName })
          : issue(
              'amount_invalid',
              'amount',
              `${amountName} "${amountText}" is not a valid amount: ${amountAdvice(amountText)}`,
              { column: amountName, value: amountText, expected: amountAdvice(amountText) },
            ),
      )
    } else if (shape.minAmountMinor !== null && amount.minor < shape.minAmountMinor) {
      const min = minorToDecimalString(shape.minAmountMinor, shape.currency)
      errors.push(
        issue('amount_below_min', 'amount', `${amountName} is below the minimum of ${min}`, {
          min,
          column: amountName,
        }),
      )
    }
    const checked = validateFields(shape.fields, fields)
    if (!checked.ok)
      for (const e of checked.errors)
        if (refused.has(e.field)) continue
        else if (e.problem === 'required' && !columnOf.has(e.field))
          errors.push(missingColumnIssue(e.field, acceptedHeaders(e.field, shape)))
        else errors.push(fieldIssue(columnOf.get(e.field), e.field, defs.get(e.field), e.problem))
    if (reference !== null) {
      const earlierLine = seenReferences.get(reference)
      if (!isValidReference(shape, reference))
        errors.push(
          issue('reference_format', 'reference', `reference must be ${referenceRule(shape)}`, {
            min: shape.referenceMinLength,
          }),
        )
      else if (earlierLine !== undefined)
        errors.push(
          issue('reference_repeats', 'reference', `reference repeats line ${earlierLine}`, {
            line: earlierLine,
          }),
        )
      else if (book.referenceInUse(reference))
        errors.push(issue('reference_used', 'reference', `reference ${reference} was already used`))
      seenReferences.set(reference, line)
    }
    const account = checked.ok ? (checked.values[shape.accountField] ?? '') : ''
    if (amount.ok && account) {
      const key = accountAmountKey(account, amount.minor)
      const first = seen.get(key)
      if (first !== undefined)
        warnings.push(
          issue('same_in_file', null, `same account and amount as line ${first}`, { line: first }),
        )
      else seen.set(key, line)
      const earlier = recent.get(key, line)
      if (earlier !== undefined) warnings.push(sentRecentlyIssue(earlier))
    }
    const twoAccounts = checked.ok ? sameName(line, checked.values) : null
    if (twoAccounts) warnings.push(twoAccounts)
    const payee = payeeOfRow(checked.ok ? match(checked.values) : { kind: 'new' })
    if (payee.warning) warnings.push(payee.warning)
    return {
      line,
      amountMinor: amount.ok ? amount.minor : null,
      reference,
      fields: checked.ok ? checked.values : fields,
      errors,
      warnings,
      recipient: payee.recipient,
    }
  }
  const finish = (rows: StagedRow[]): StagedImport => {
    const valid = rows.filter((r) => r.errors.length === 0)
    return {
      profileId,
      currency: shape.currency,
      fileName: source.fileName,
      fileSha256: source.sha256,
      previousImport: previous ? { batchId: previous.id, at: previous.at } : null,
      mapping,
      rows,
      valid: valid.length,
      invalid: rows.length - valid.length,
      totalMinor: valid.reduce((sum, r) => sum + (r.amountMinor ?? 0), 0),
      ledgerMark,
      thousandsDot,
    }
  }
  return { checkRow, finish }
}

/**
 * Validates every row of an imported file against the profile's gateway rules, without writing
 * anything: errors per row, duplicate warnings (within the file, in the last 30 days, the same file
 * imported before) and the total. The person reviews this before anything is committed.
 */
export function stageImport(
  db: Ledger,
  profileId: string,
  sheet: ParsedSheet,
  source: ReviewSource,
  options: StageOptions = {},
): StagedImport {
  const book = ledgerReviewBook(db, profileId, source.sha256, options.now ?? Date.now())
  const { checkRow, finish } = reviewOf(book, sheet, source, options)
  // One read transaction for all rows: each lookup outside one pays for its own WAL snapshot.
  return finish(db.transaction(() => sheet.rows.map(checkRow))())
}

/** The same review against a book read ahead (the team ledger's), all at once. */
export function stageAgainst(
  book: ReviewBook,
  sheet: ParsedSheet,
  source: ReviewSource,
  options: StageOptions = {},
): StagedImport {
  const { checkRow, finish } = reviewOf(book, sheet, source, options)
  return finish(sheet.rows.map(checkRow))
}

/** How long the window's review of a file may hold the main thread at a time. */
export const REVIEW_TURN_MS = 15

/**
 * The same review as stageImport, a few milliseconds at a time with the event loop free between them:
 * a 100,000-row file takes a second to check, and the window checks it again after every correction.
 * Each turn reads in its own transaction, so a later row may see what was written meanwhile; the
 * commit looks past the review's mark for anything the person would have been warned about.
 */
export function stageImportInTurns(
  db: Ledger,
  profileId: string,
  sheet: ParsedSheet,
  source: ReviewSource,
  options: StageOptions & { turnMs?: number } = {},
): Promise<StagedImport> {
  const book = ledgerReviewBook(db, profileId, source.sha256, options.now ?? Date.now())
  return stageAgainstInTurns(book, sheet, source, options, (turn) => db.transaction(turn))
}

/**
 * The review against any book a few milliseconds at a time; `inTurn` wraps each turn's reads (the desk's
 * ledger reads in one transaction per turn; a book read ahead, as the team's, needs none).
 */
export async function stageAgainstInTurns(
  book: ReviewBook,
  sheet: ParsedSheet,
  source: ReviewSource,
  options: StageOptions & { turnMs?: number } = {},
  inTurn: (turn: () => void) => () => void = (turn) => turn,
): Promise<StagedImport> {
  const { checkRow, finish } = reviewOf(book, sheet, source, options)
  const turnMs = options.turnMs ?? REVIEW_TURN_MS
  const rows: StagedRow[] = []
  const total = sheet.rows.length
  await nextTurn()
  const checkSome = inTurn(() => {
    const start = performance.now()
    do rows.push(checkRow(sheet.rows[rows.length] ?? {}, rows.length))
    while (rows.length < total && performance.now() - start < turnMs)
  })
  while (rows.length < total) {
    checkSome()
    if (rows.length < total) await nextTurn()
  }
  await nextTurn()
  return finish(rows)
}
