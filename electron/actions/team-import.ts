import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { accountKeyIn, nameKey, payeeKeysOf } from '../../shared/domain/payee-account.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { RecipientView } from '../../shared/ipc/recipients-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { firstOf } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { committableRows, type CommitOptions } from '../import/commit-import.ts'
import type { ParsedSheet } from '../import/parse-csv.ts'
import { RECENT_MS, type ReviewBook } from '../import/review-book.ts'
import { stageThenAsk, type AskedLater } from '../import/stage-then-ask.ts'
import {
  mappingOf,
  stageAgainst,
  type ReviewSource,
  type StagedImport,
  type StagedRow,
  type StageOptions,
} from '../import/stage-import.ts'
import { sameAccount } from '../ledger/gateway-account.ts'
import { accountAmountKey, accountAmountOfKey } from '../ledger/import-review-repo.ts'
import { shippedBankCodes } from '../payouts/bank-lists.ts'
import { referenceSeries } from '../payouts/draft-payout.ts'
import { judgePayee, matcherOver, payeeRefusal, payeeView } from '../recipients/payee-rule.ts'
import {
  inTeamTransaction,
  insertTeamBatch,
  lockTeamAccount,
  insertTeamPayouts,
  teamAccountsOf,
  teamBatchStatuses,
  type TeamBatchStatus,
} from '../team/team-batches.ts'
import {
  teamPayeeKeys,
  teamPayeeRows,
  teamProfileRules,
  teamRecentRepeats,
  teamReviewReads,
  teamServerNow,
  type TeamPayeeRow,
  type TeamProfileRules,
  type Written,
} from '../team/team-review-reads.ts'
import { PAYEE_KEYS_VERSION } from '../team/team-payee-control-schema.ts'

/*
 * A file prepared on the team ledger: the same review as on a desk's own ledger (stage-import.ts: the
 * gateway's rules, repeats, references taken, "Budi at another account"), against the team's book; the
 * same acceptances before it is written (commit-import.ts); and, once written, the same question again
 * under the profile's lock, so what another desk wrote meanwhile is never paid past unseen. What exceeds
 * a limit then waits for an owner's approval: the database decides (team-schema.ts).
 */

type Db = Pick<pg.ClientBase, 'query'>

export interface TeamFileReview {
  profile: TeamProfileRules
  sheet: ParsedSheet
  source: ReviewSource
  staged: StagedImport
}

export interface TeamCommitted {
  batchId: string
  written: number
  totalMinor: number
  /** What the batch's payouts are now: queued (ready to send) or awaiting_approval. */
  statuses: TeamBatchStatus[]
}

/**
 * The team's payees as a directory: for each name, the account of its newest payout that may pay (and
 * for an account paid under no name, that account). Returning to an account the person left is then a
 * change to ask about, as on a desk's ledger. `rows` come newest first.
 */
function teamDirectory(profile: TeamProfileRules, rows: readonly TeamPayeeRow[]) {
  const { shape } = profile
  const seen = new Set<string>()
  const payees: RecipientView[] = []
  for (const r of rows) {
    const name = firstOf(r.fields, shape.nameFields)
    const key = name ? `n:${nameKey(name)}` : `a:${accountKeyIn(shape, r.fields)}`
    if (seen.has(key)) continue
    seen.add(key)
    const account = r.fields[shape.accountField] ?? ''
    payees.push(
      payeeView(profile.id, shape, r.id, { fields_json: JSON.stringify(r.fields), account_no: account }),
    )
  }
  return matcherOver(payees, shape)
}

/**
 * Refuses to judge payees at a book that keeps other keys than this desk computes: it holds payees under
 * keys this desk would not look up (older: `team init` first; newer: update the desk).
 */
export async function assertPayeeKeysKept(db: Db): Promise<void> {
  const kept = await teamPayeeKeys(db)
  if (kept < PAYEE_KEYS_VERSION) throw new AppError('CONFLICT', { key: 'teamLedgerOlder' })
  if (kept > PAYEE_KEYS_VERSION)
    throw new AppError('CONFLICT', {
      key: 'teamLedgerNewer',
      params: { found: kept, known: PAYEE_KEYS_VERSION },
    })
}

/**
 * The payee rule for the `asked` fields among the team's payees (known, at a changed account, or new), as
 * a review asks it: what the whole directory would answer for them, read without the payees they do not
 * touch (team migration 10). A payee is found by name, and by account; a payee found at one of the
 * accounts is known there only while it is its newest, so all its payouts are read too. Payouts without
 * keys are read whole.
 */
export async function teamPayeeMatch(
  db: Db,
  profile: TeamProfileRules,
  asked: readonly Readonly<Record<string, string>>[],
  except?: Written,
) {
  const { shape } = profile
  const names = new Set<string>()
  const accounts = new Set<string>()
  for (const fields of asked) {
    const keys = payeeKeysOf(shape, fields)
    names.add(keys.name)
    accounts.add(keys.account)
  }
  const [first] = await Promise.all([
    teamPayeeRows(db, profile.id, { names: [...names], accounts: [...accounts], unkeyed: true }, except),
    assertPayeeKeysKept(db),
  ])
  const elsewhere = new Set<string>()
  for (const r of first) {
    // Computed again, not taken from the book: what was found is judged by this desk's rule.
    const keys = payeeKeysOf(shape, r.fields)
    if (!names.has(keys.name) && accounts.has(keys.account)) elsewhere.add(keys.name)
  }
  const more =
    elsewhere.size > 0
      ? await teamPayeeRows(db, profile.id, { names: [...elsewhere], accounts: [], unkeyed: false }, except)
      : []
  const byId = new Map([...first, ...more].map((r) => [r.id, r]))
  // Newest first, as the directory takes them; the same moment is told apart by id, as the ledger orders.
  const rows = [...byId.values()].sort((a, b) =>
    a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at > b.at ? -1 : 1,
  )
  return teamDirectory(profile, rows)
}

/** The team's book for a review, but for what its rows ask once checked (`AskedLater`, stage-then-ask.ts). */
export type TeamBook = Omit<ReviewBook, keyof AskedLater>

async function teamBook(
  db: Db,
  profile: TeamProfileRules,
  q: { sha256: string; since: number; references: readonly string[]; except?: Written },
): Promise<TeamBook> {
  const reads = await teamReviewReads(db, { ...q, profileId: profile.id })
  const bankCodes = shippedBankCodes(profile)
  return {
    profileId: profile.id,
    shape: profile.shape,
    mark: { events: reads.events, sameFile: reads.sameFile, since: q.since },
    previous: reads.previous,
    bankCodes: () => bankCodes,
    referenceInUse: (reference) => reads.taken.has(reference),
  }
}

/**
 * The team's payouts of the last 30 days (since the book's mark) that these accountAmountKeys could
 * repeat: the newest that may pay of each.
 */
export async function teamRepeats(
  db: Db,
  profile: TeamProfileRules,
  book: TeamBook,
  keys: readonly string[],
  except?: Written,
): Promise<ReadonlyMap<string, number>> {
  const pays = [...new Set(keys)].map(accountAmountOfKey)
  const found = await teamRecentRepeats(db, {
    profileId: profile.id,
    since: book.mark.since,
    accountField: profile.shape.accountField,
    pays: pays.filter((p) => p.account !== '' && Number.isSafeInteger(p.amountMinor)),
    except,
  })
  return new Map(found.map((r) => [accountAmountKey(r.account, r.amountMinor), r.at]))
}

/** Stages a file against the team's book, then reads what its checked rows ask (stageThenAsk). */
export const stageForTeam = (
  /** Runs a read at the team ledger (the window connects for each). */
  at: <T>(read: (db: Db) => Promise<T>) => Promise<T>,
  profile: TeamProfileRules,
  book: TeamBook,
  stage: (book: ReviewBook) => StagedImport | Promise<StagedImport>,
): Promise<StagedImport> =>
  stageThenAsk((later) => stage({ ...book, ...later }), {
    payees: (asked) => at((db) => teamPayeeMatch(db, profile, asked)),
    repeats: (keys) => at((db) => teamRepeats(db, profile, book, keys)),
  })

/**
 * Reviews a file for a team profile (by name or id) without writing anything; the file is read once the
 * profile says which gateway's headers to look for.
 */
export async function reviewTeamFile(
  pool: pg.Pool,
  /** As people call it, or `{ id }` (the window names a profile by its id only). */
  profileName: string | { id: string },
  read: (headerFor: {
    provider: ProviderId
    area: string
  }) => Promise<{ sheet: ParsedSheet; source: ReviewSource }>,
  options: StageOptions = {},
): Promise<TeamFileReview> {
  const profile =
    typeof profileName === 'string'
      ? await teamProfileRules(pool, profileName)
      : await teamProfileRules(pool, profileName.id, 'id')
  const { sheet, source } = await read(profile)
  const book = await teamBookForFile(pool, profile, sheet, source, options)
  const staged = await stageForTeam(
    (read) => read(pool),
    profile,
    book,
    (whole) => stageAgainst(whole, sheet, source, options),
  )
  return { profile, sheet, source, staged }
}

/**
 * The team's book as a file's review asks it: the references the file names, and since when a payout is a
 * repeat; its payee rule, and the repeats, are read once the rows are checked (stageForTeam).
 */
export async function teamBookForFile(
  db: Db,
  profile: TeamProfileRules,
  sheet: ParsedSheet,
  source: ReviewSource,
  options: StageOptions,
): Promise<TeamBook> {
  const referenceColumns = Object.entries(mappingOf(sheet, profile.shape, options))
    .filter(([, target]) => target === 'reference')
    .map(([column]) => column)
  const references = sheet.rows.flatMap((row) => referenceColumns.map((c) => row[c] ?? '').filter(Boolean))
  // "The last 30 days" by the server's clock, which stamped the payouts: a desk's clock running days fast
  // would otherwise look past repeats.
  const since = (options.now ?? (await teamServerNow(db))) - RECENT_MS
  return teamBook(db, profile, { sha256: source.sha256, since, references })
}

/**
 * What the team's book gained since the review that the person would have been warned about: the same
 * file, a payout of the same amount to the same account, a payee whose account moved. Asked with the
 * batch written, under the account's lock the write took first: every other desk's write is in.
 */
function changedOnTeam(book: ReviewBook, staged: StagedImport, rows: readonly StagedRow[]): ErrorText | null {
  if (book.mark.sameFile > staged.ledgerMark.sameFile) return { key: 'importedMeanwhile' }
  const { accountField } = book.shape
  for (const row of rows) {
    const account = row.fields[accountField] ?? ''
    const newest = book.recent.get(accountAmountKey(account, row.amountMinor), row.line)
    const warned = row.warnings.find((w) => w.code === 'sent_recently')?.params.at
    if (newest !== undefined && (warned === undefined || newest > Number(warned)))
      return { key: 'repeatWrittenMeanwhile', params: { account } }
  }
  for (const row of rows) {
    const old = row.recipient.kind === 'changed' ? row.recipient.oldAccount : undefined
    const verdict = judgePayee(book.match(row.fields), old ? { old } : undefined)
    if (!verdict.ok) return payeeRefusal(verdict)
  }
  return null
}

/**
 * Writes a reviewed file as one batch on the team ledger, all or nothing, once its person accepted what
 * the review warned about. Nothing is sent here: any desk holding the profile's secret sends what is
 * ready (`team send`), and what waits for approval leaves only after an owner approves it.
 */
export async function commitTeamFile(
  pool: pg.Pool,
  review: Omit<TeamFileReview, 'sheet'>,
  options: CommitOptions & {
    /** One payout typed by its person (`team pay`): written without a batch, as New payout's is. */
    single?: boolean
  },
): Promise<TeamCommitted & { ids: string[]; references: string[] }> {
  const { profile, staged, source } = review
  const rows = committableRows(staged, options)
  const next = referenceSeries(options.now ?? Date.now())
  const payouts = rows.map((r) => ({
    reference: r.reference ?? next(),
    amountMinor: r.amountMinor ?? 0,
    fields: r.fields,
    accepted: r.warnings.length > 0 ? r.warnings.map((w) => ({ code: w.code, message: w.message })) : null,
  }))
  return inTeamTransaction(pool, async (c) => {
    await lockTeamAccount(c, profile)
    const batchId = randomUUID()
    if (!options.single)
      await insertTeamBatch(c, {
        id: batchId,
        profileId: profile.id,
        fileName: staged.fileName,
        sha256: staged.fileSha256,
      })
    const ids = await insertTeamPayouts(
      c,
      {
        id: options.single ? null : batchId,
        profileId: profile.id,
        currency: staged.currency,
        shape: profile.shape,
      },
      payouts,
    )
    // Written for the gateway account the review was for: an owner who moved the profile to another
    // account, or from test to real money, since it was checked has changed what the person saw.
    const written = options.single ? { ids } : { batch: batchId }
    const accounts = await teamAccountsOf(c, written)
    if (accounts.some((a) => !sameAccount(a, profile)))
      throw new AppError('CONFLICT', {
        key: 'teamProfileChangedMeanwhile',
        params: { profile: profile.name },
      })
    const except = options.single ? { batch: null, ids } : { batch: batchId, ids: [] }
    const book = await teamBook(c, profile, {
      sha256: source.sha256,
      since: staged.ledgerMark.since,
      references: [],
      except,
    })
    const match = await teamPayeeMatch(
      c,
      profile,
      rows.map((r) => r.fields),
      except,
    )
    const { accountField } = profile.shape
    const recent = await teamRepeats(
      c,
      profile,
      book,
      rows.map((r) => accountAmountKey(r.fields[accountField] ?? '', r.amountMinor)),
      except,
    )
    const changed = changedOnTeam({ ...book, match, recent }, staged, rows)
    if (changed) throw new AppError('CONFLICT', changed)
    return {
      batchId,
      ids,
      references: payouts.map((p) => p.reference),
      written: payouts.length,
      totalMinor: payouts.reduce((sum, p) => sum + p.amountMinor, 0),
      statuses: await teamBatchStatuses(c, written),
    }
  })
}
