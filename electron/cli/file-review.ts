import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { fromThousandsDot } from '../import/amount-style.ts'
import { unmatchedHeaders } from '../import/column-map.ts'
import { ACCOUNT_WARNINGS, thousandsDotLine, type ImportAcceptances } from '../import/commit-import.ts'
import type { ParsedSheet } from '../import/parse-csv.ts'
import { readSheet } from '../import/read-sheet.ts'
import { sha256Hex, type ReviewSource, type StagedImport } from '../import/stage-import.ts'
import { count, localTime, money, UsageError, type CliIo } from './cli-context.ts'
import { issueWords } from './issue-words.ts'

/*
 * A file's review at the command line, whichever ledger it is written to (`send --file` on this desk's,
 * `team import` on the team's): which sheet and columns were read, every row's problem, every warning
 * with the flag that accepts it, and the one question before anything is written.
 */

export interface FileReviewArgs {
  file?: string
  sheet?: string
  yes?: boolean
  'skip-invalid'?: boolean
  'allow-duplicate-file'?: boolean
  'accept-repeat-file'?: boolean
  'accept-account-changes'?: boolean
  'accept-duplicates'?: boolean
  'thousands-dot'?: boolean
  json?: boolean
}

/** What the door does with the rows: "send" them (this desk) or "write" them (the team ledger). */
export interface ReviewWords {
  verb: 'send' | 'write'
  done: 'sent' | 'written'
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ')

/** Where the rows came from and which column is which, as the window's review shows it. */
export function describeSource(
  fileName: string,
  sheet: ParsedSheet,
  staged: StagedImport,
  shape: PayoutShape,
): string {
  const { source } = sheet
  const where = [
    source.sheet === null
      ? `${fileName} (${source.encoding ?? 'text'})`
      : `${fileName}, sheet "${source.sheet}"`,
    `header on row ${source.headerLine}`,
  ]
  if (source.hiddenRows > 0) where.push(`${count(source.hiddenRows, 'hidden row')} left out`)
  const mapped = Object.entries(staged.mapping)
    .filter(([, target]) => target !== null)
    .map(([column, target]) => `"${column}" → ${target}`)
  const ignored = sheet.header.filter((h) => h !== '' && staged.mapping[h] === null)
  // What an unrecognised column could be renamed to: the headers read as each field no column holds.
  const unmatched = ignored.length ? unmatchedHeaders(shape, staged.mapping) : []
  return [
    `Read ${where.join('; ')}.`,
    `Columns: ${mapped.join(', ') || 'none recognised'}.`,
    ...(ignored.length ? [`Ignored columns: ${quoted(ignored)}.`] : []),
    ...unmatched.map(
      (u) => `No column is read as ${u.accepted[0] ?? u.target}; its header may be ${quoted(u.accepted)}.`,
    ),
  ]
    .map((line) => `${line}\n`)
    .join('')
}

/** What each kind of warning is accepted with: a terminal cannot tick a box, so the person names it. */
const flagFor = (code: string) =>
  ACCOUNT_WARNINGS.has(code) ? 'accept-account-changes' : 'accept-duplicates'
const KIND: Record<string, string> = {
  account_changed: 'ACCOUNT CHANGED',
  same_name_other_account: 'TWO ACCOUNTS',
}

/**
 * The rows the person accepted by naming each kind of warning: every warning is printed, with whether
 * its flag accepts it; what no flag accepts is listed as a refusal (nothing is sent then).
 */
export function acceptances(
  staged: StagedImport,
  args: FileReviewArgs,
  io: CliIo,
): ImportAcceptances & { refusals: string[] } {
  const rows = new Set<number>()
  const lacking = new Map<string, number>()
  const given = (flag: string) => args[flag as keyof FileReviewArgs] === true
  for (const r of staged.rows) {
    if (r.errors.length > 0 || r.warnings.length === 0) continue
    for (const w of r.warnings) {
      const flag = flagFor(w.code)
      const kind = KIND[w.code] ?? 'REPEATED'
      io.err(`line ${r.line}: ${kind}: ${issueWords(w)}${given(flag) ? ` (accepted: --${flag})` : ''}\n`)
    }
    const missing = [...new Set(r.warnings.map((w) => flagFor(w.code)))].filter((f) => !given(f))
    if (missing.length === 0) rows.add(r.line)
    for (const f of missing) lacking.set(f, (lacking.get(f) ?? 0) + 1)
  }
  // Said apart from the rows' repeats: a flag kept on for one repeated row must not send a whole file again.
  const repeatFile = given('accept-repeat-file') || given('allow-duplicate-file')
  const refusals: string[] = []
  if (staged.previousImport) {
    const when = localTime(staged.previousImport.at)
    if (repeatFile)
      io.err(
        `This file was already imported on ${when}; sending it again (accepted: --accept-repeat-file).\n`,
      )
    else
      refusals.push(
        `this file was already imported on ${when}; add --accept-repeat-file if you mean to send the whole file again`,
      )
  }
  const changed = lacking.get('accept-account-changes') ?? 0
  if (changed > 0)
    refusals.push(
      `${count(changed, 'row')} ${changed === 1 ? 'pays' : 'pay'} a known recipient at a new account (above); check each new account with the person, then add --accept-account-changes`,
    )
  const repeated = lacking.get('accept-duplicates') ?? 0
  if (repeated > 0)
    refusals.push(
      `${count(repeated, 'row')} ${repeated === 1 ? 'repeats' : 'repeat'} an account and amount (above); add --accept-duplicates if each is meant`,
    )
  return { rows, repeatFile, refusals }
}

/** The file and its sheet as the person named them, read with the profile's gateway's headers in mind. */
export async function readReviewedFile(
  args: FileReviewArgs,
  headerFor: { provider: ProviderId; area: string },
): Promise<{ sheet: ParsedSheet; source: ReviewSource & { fileName: string } }> {
  if (!args.file) throw new UsageError('--file FILE is required')
  let bytes: Buffer
  try {
    bytes = readFileSync(args.file)
  } catch {
    throw new UsageError(`cannot read ${args.file}`)
  }
  if (args.sheet !== undefined && !args.file.toLowerCase().endsWith('.xlsx'))
    throw new UsageError('--sheet applies to .xlsx workbooks only')
  const sheet = await readSheet(args.file, bytes, {
    headerFor,
    ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
  })
  // A window can show a sheet picker; a script must say which sheet it means.
  if (args.sheet === undefined && sheet.source.sheets.length > 1)
    throw new AppError('INVALID_INPUT', {
      key: 'sheetChoose',
      params: {
        count: sheet.source.sheets.length,
        sheets: quoted(sheet.source.sheets),
        active: sheet.source.activeSheet ?? '',
      },
    })
  return { sheet, source: { fileName: basename(args.file), sha256: sha256Hex(bytes) } }
}

/**
 * Prints the review (source, rows' errors, the total, warnings) and returns what the person accepted and
 * what still refuses the file: nothing is written while `refusals` holds anything.
 */
export function presentReview(
  io: CliIo,
  args: FileReviewArgs,
  review: { fileName: string; sheet: ParsedSheet; staged: StagedImport; shape: PayoutShape },
  profile: { name: string; environment: string },
  words: ReviewWords,
): ImportAcceptances & { refusals: string[]; total: string } {
  const { fileName, sheet, staged, shape } = review
  io.out(describeSource(fileName, sheet, staged, shape))
  // Every problem of the file at once: the rows' errors (a missing amount column among them, each row
  // naming the headers to use), what was not accepted, the amounts' reading.
  const refusals: string[] = []
  if (staged.thousandsDot && !staged.thousandsDot.confirmed) {
    io.err(`${thousandsDotLine(staged.thousandsDot)}\n`)
    refusals.push(
      `add --thousands-dot to read every amount of this file that way, or write them without dots ("${staged.thousandsDot.example}" as ${fromThousandsDot(staged.thousandsDot.example)})`,
    )
  } else if (staged.thousandsDot)
    io.out(`${thousandsDotLine(staged.thousandsDot)} Read that way (--thousands-dot).\n`)
  else if (args['thousands-dot'])
    io.err(
      '--thousands-dot: the amounts of this file are not written with dots between thousands; they are read as written.\n',
    )
  for (const row of staged.rows) for (const e of row.errors) io.err(`line ${row.line}: ${issueWords(e)}\n`)
  const total = money(staged.totalMinor, staged.currency)
  io.out(
    `${count(staged.valid, 'payout')} ready, ${staged.invalid} with errors; total ${total}; profile "${profile.name}" (${profile.environment === 'production' ? 'PRODUCTION, real money' : 'sandbox, test money'}).\n`,
  )
  if (staged.invalid > 0 && !args['skip-invalid'])
    refusals.push(
      staged.valid === 0
        ? `no row can be ${words.done} as it is; fix the rows above`
        : `fix the rows above, or add --skip-invalid to ${words.verb} only the ${staged.valid === 1 ? 'valid one' : `${staged.valid} valid ones`}`,
    )
  const accepted = acceptances(staged, args, io)
  refusals.push(...accepted.refusals)
  return { ...accepted, refusals, total }
}
