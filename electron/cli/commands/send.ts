import { issueWords } from '../issue-words.ts'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { AppError } from '../../errors.ts'
import { fromThousandsDot } from '../../import/amount-style.ts'
import { unmatchedHeaders } from '../../import/column-map.ts'
import type { ParsedSheet } from '../../import/parse-csv.ts'
import { readSheet } from '../../import/read-sheet.ts'
import { thousandsDotLine, type ImportAcceptances } from '../../import/commit-import.ts'
import { sha256Hex, stageImport, type StagedImport } from '../../import/stage-import.ts'
import { resolveProfile } from '../../payouts/draft-payout.ts'
import { commitReviewedFile } from '../../actions/import-file.ts'
import { refuseIfCannotSend } from '../../actions/can-send.ts'
import { batchHeadline, interruptedBatches, queuedOfBatch } from '../../ledger/batches-repo.ts'
import type { PayoutShape } from '../../../shared/providers/payout-shape.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, count, localTime, money, profileByName, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { runBatch, type BatchOutcome } from './run-batch.ts'
import { batchMoney, batchWords, shortBatch } from '../batch-names.ts'

export interface SendArgs {
  profile?: string
  file?: string
  yes?: boolean
  concurrency?: string
  'skip-invalid'?: boolean
  'allow-duplicate-file'?: boolean
  'accept-repeat-file'?: boolean
  'accept-account-changes'?: boolean
  'accept-duplicates'?: boolean
  sheet?: string
  'thousands-dot'?: boolean
  json?: boolean
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ')

/** Where the rows came from and which column is which, as the window's review shows it. */
function describeSource(
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
const ACCOUNT_QUESTIONS = new Set(['account_changed', 'same_name_other_account'])
const flagFor = (code: string) =>
  ACCOUNT_QUESTIONS.has(code) ? 'accept-account-changes' : 'accept-duplicates'
const KIND: Record<string, string> = {
  account_changed: 'ACCOUNT CHANGED',
  same_name_other_account: 'TWO ACCOUNTS',
}

/**
 * The rows the person accepted by naming each kind of warning: every warning is printed, with whether
 * its flag accepts it; what no flag accepts is listed as a refusal (nothing is sent then).
 */
function acceptances(
  staged: StagedImport,
  args: SendArgs,
  io: CliIo,
): ImportAcceptances & { refusals: string[] } {
  const rows = new Set<number>()
  const lacking = new Map<string, number>()
  const given = (flag: string) => args[flag as keyof SendArgs] === true
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

export async function sendCommand(services: Services, args: SendArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const profile = profileByName(services, args.profile)
  if (!args.file) throw new UsageError('send needs --file FILE')
  const concurrency = Number(args.concurrency ?? 4)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new UsageError('--concurrency takes 1 to 32')
  // The action refuses it again before writing; said first here, before a file is read and reviewed.
  await refuseIfCannotSend(services, profile.id)
  let bytes: Buffer
  try {
    bytes = readFileSync(args.file)
  } catch {
    throw new UsageError(`cannot read ${args.file}`)
  }
  if (args.sheet !== undefined && !args.file.toLowerCase().endsWith('.xlsx'))
    throw new UsageError('--sheet applies to .xlsx workbooks only')
  const { shape } = resolveProfile(services.ledger, profile.id)
  const sheet = await readSheet(args.file, bytes, {
    headerFor: { provider: profile.provider, area: profile.area },
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
  const staged = stageImport(
    services.ledger,
    profile.id,
    sheet,
    { fileName: basename(args.file), sha256: sha256Hex(bytes) },
    { thousandsDot: args['thousands-dot'] === true },
  )
  io.out(describeSource(basename(args.file), sheet, staged, shape))
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
        ? 'no row can be sent as it is; fix the rows above'
        : `fix the rows above, or add --skip-invalid to send only the ${staged.valid === 1 ? 'valid one' : `${staged.valid} valid ones`}`,
    )
  const accepted = acceptances(staged, args, io)
  refusals.push(...accepted.refusals)
  if (refusals.length > 0) {
    io.err(`Nothing was sent: ${refusals.join('; ')}.\n`)
    emit({ batch: null, sent: 0, refused: refusals })
    return 1
  }
  if (!args.yes) {
    if (!io.isTty) throw new UsageError('add --yes to send without a prompt')
    const answer = await io.ask(
      `Send ${count(staged.valid, 'payout')}, ${total} in total? Type yes to send: `,
    )
    if (answer.trim().toLowerCase() !== 'yes') {
      io.out('Nothing was sent.\n')
      emit({ batch: null, sent: 0, refused: [] })
      return 0
    }
  }
  const {
    batchId,
    count: written,
    awaitingRelease,
  } = await commitReviewedFile(services, staged, { skipInvalid: true, accepted })
  if (awaitingRelease) {
    io.out(
      `Batch ${shortBatch(batchId)} written: ${count(written, 'payout')}, ${total}, over a release limit of "${profile.name}". ` +
        `Nothing was sent: it waits for the owner's release (\`payout-desk release ${shortBatch(batchId)} --passphrase-stdin\`).\n`,
    )
    emit({
      batch: batchId,
      written,
      totalMinor: staged.totalMinor,
      currency: staged.currency,
      awaitingRelease: true,
      sent: 0,
    })
    return 0
  }
  io.out(`Batch ${shortBatch(batchId)} written.\n`)
  const outcome = await runBatch(services, batchId, concurrency, io)
  const { code, ...run } = outcome
  emit({ ...run, written, totalMinor: staged.totalMinor, currency: staged.currency, awaitingRelease: false })
  return code
}

export async function resumeCommand(
  services: Services,
  positional: string[],
  args: { all?: boolean; json?: boolean },
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const ids = args.all ? interruptedBatches(services.ledger) : positional.slice(0, 1)
  if (!args.all && ids.length === 0) throw new UsageError('resume needs BATCH or --all')
  if (ids.length === 0) io.out('No interrupted batch: nothing to resume.\n')
  const outcomes: BatchOutcome[] = []
  for (const id of ids) {
    // What resuming sends, before it does: the person sees which batch and how much.
    const head = batchHeadline(services.ledger, id)
    const queued = queuedOfBatch(services.ledger, id)
    if (head && queued.count > 0)
      io.out(
        `${batchWords(id, head)}: ${count(queued.count, 'payout')} not sent yet, ${batchMoney(head, queued.totalMinor)}.\n`,
      )
    outcomes.push(await runBatch(services, id, 4, io))
  }
  emit({
    batches: outcomes.map(({ batch, total, sent, byStatus, stopped }) => ({
      batch,
      total,
      sent,
      byStatus,
      stopped,
    })),
  })
  return Math.max(0, ...outcomes.map((o) => o.code))
}
