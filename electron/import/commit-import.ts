// What happens to a reviewed file when the person confirms it: what must have been accepted, what the
// ledger must not have gained meanwhile, and the all-or-nothing write the command line makes.
import type { ErrorText } from '../../shared/messages/errors.ts'
import type { CommittedImport } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { recordDecision } from '../ledger/payout-store.ts'
import { createBatch } from '../ledger/batches-repo.ts'
import {
  accountAmountKey,
  livePayoutsSince,
  sameFileImportedSince,
  type ReviewMark,
} from '../ledger/import-review-repo.ts'
import { draftPayouts, resolveProfile } from '../payouts/draft-payout.ts'
import { batchIsHeld } from '../payouts/release-limits.ts'
import { fromThousandsDot } from './amount-style.ts'
import type { StagedImport, StagedRow } from './stage-import.ts'

/**
 * What the ledger gained since the review that the person would have been warned about: the same file
 * imported, or a payout of the same amount to the same account (from the CLI, another review, the
 * window's New payout). Run inside the committing transaction, so nothing can slip in between.
 */
function changedSinceReview(db: Ledger, staged: StagedImport, rows: readonly StagedRow[]): ErrorText | null {
  const mark = staged.ledgerMark
  if (sameFileImportedSince(db, staged.profileId, staged.fileSha256, mark))
    return { key: 'importedMeanwhile' }
  return repeatSince(db, staged.profileId, rows, mark)
}

/**
 * A payout the rows repeat (same account and amount) that may pay and was not there to warn about at the
 * audit-log mark `events`: written since, or found since to have maybe paid after all. `since` is the start
 * of the review's window, not of now's: a payout that left the window between review and confirm was
 * still one the review looked at, and one it looked at as unable to pay may pay now.
 */
export function repeatSince(
  db: Ledger,
  profileId: string,
  rows: readonly StagedRow[],
  { events, since }: Pick<ReviewMark, 'events' | 'since'>,
): ErrorText | null {
  // Keyed from what changed meanwhile, usually nothing: keying the file's 100,000 rows instead held
  // the window's thread for a tenth of a second before its first chunk.
  const meanwhile = new Map<string, number>()
  const accounts: { account: string; written: boolean }[] = []
  for (const p of livePayoutsSince(db, profileId, events, since)) {
    const key = accountAmountKey(p.account_no, p.amount_minor)
    if (!meanwhile.has(key))
      meanwhile.set(key, accounts.push({ account: p.account_no, written: p.written === 1 }) - 1)
  }
  if (meanwhile.size === 0) return null
  const { accountField } = resolveProfile(db, profileId).shape
  // The first payout that a row repeats, as before: the one the refusal names.
  let first = accounts.length
  for (const r of rows)
    first = Math.min(
      first,
      meanwhile.get(accountAmountKey(r.fields[accountField] ?? '', r.amountMinor)) ?? first,
    )
  const repeated = accounts[first]
  if (!repeated) return null
  const params = { account: repeated.account }
  return { key: repeated.written ? 'repeatWrittenMeanwhile' : 'repeatMayHavePaidMeanwhile', params }
}

/** The one line the person must confirm before a file with dots between thousands can be sent. */
export const thousandsDotLine = (t: NonNullable<StagedImport['thousandsDot']>) =>
  `Amounts in "${t.column}" are written with dots between thousands: "${t.example}" = ${fromThousandsDot(t.example)}.`

/** The refusal of a commit whose thousands reading the person has not confirmed. */
export const thousandsDotUnconfirmed = (t: NonNullable<StagedImport['thousandsDot']>): ErrorText => ({
  key: 'thousandsDotUnconfirmed',
  params: { column: t.column, example: t.example, reading: fromThousandsDot(t.example) },
})

/**
 * What the person accepted, row by row, of what the review warned about (a tick per row in the window,
 * a flag naming the kind at the command line): nothing with a warning is paid without it.
 */
export interface ImportAcceptances {
  /** The lines whose every warning the person accepted. */
  rows: ReadonlySet<number>
  /** The same file was imported before, and the person means to send it again. */
  repeatFile: boolean
}

/** A known person at another account: the kinds a person accepts as an account change. */
export const ACCOUNT_WARNINGS: ReadonlySet<string> = new Set(['account_changed', 'same_name_other_account'])

/** Duplicates of what is in the file or was paid lately: the kinds `--accept-duplicates` names. */
export const DUPLICATE_WARNINGS: readonly string[] = ['same_in_file', 'sent_recently']

export interface CommitOptions {
  skipInvalid: boolean
  accepted: ImportAcceptances
  now?: number
}

/**
 * The rows a commit writes, after every check a door's person must have passed: the thousands reading
 * confirmed, no error unless skipped, every warning and a repeated file accepted. Throws what to do.
 */
export function committableRows(staged: StagedImport, options: CommitOptions): StagedRow[] {
  if (staged.thousandsDot && !staged.thousandsDot.confirmed)
    throw new AppError('INVALID_INPUT', thousandsDotUnconfirmed(staged.thousandsDot))
  if (staged.invalid > 0 && !options.skipInvalid) {
    throw new AppError('INVALID_INPUT', { key: 'rowsHaveErrors', params: { count: staged.invalid } })
  }
  const rows = staged.rows.filter((r) => r.errors.length === 0)
  if (rows.length === 0) throw new AppError('INVALID_INPUT', { key: 'noRowSendable' })
  // Every door passes what its person accepted; a row warned about is paid only when accepted.
  const unaccepted = rows.filter((r) => r.warnings.length > 0 && !options.accepted.rows.has(r.line))
  if (unaccepted.length > 0)
    throw new AppError('INVALID_INPUT', {
      key: 'warningsNotAccepted',
      params: { count: unaccepted.length, line: unaccepted[0]?.line ?? 0 },
    })
  if (staged.previousImport && !options.accepted.repeatFile)
    throw new AppError('INVALID_INPUT', { key: 'repeatFileNotAccepted' })
  return rows
}

/** Refuses, inside the committing transaction, a commit the ledger moved under since the review. */
export function assertUnchangedSinceReview(db: Ledger, staged: StagedImport, rows: readonly StagedRow[]) {
  const changed = changedSinceReview(db, staged, rows)
  if (changed) throw new AppError('CONFLICT', changed)
}

/** A staged row as the draft it becomes in the batch. */
export const draftOfRow = (row: StagedRow, batchId: string) => ({
  amountMinor: row.amountMinor ?? 0,
  fields: row.fields,
  batchId,
  ...(row.reference ? { reference: row.reference } : {}),
  // The old account the review showed: refused if the directory moved since (payee-rule.ts).
  ...(row.recipient.kind === 'changed' && row.recipient.oldAccount
    ? { acceptedChange: { old: row.recipient.oldAccount } }
    : {}),
})

/** Each payout keeps what the person accepted about it, in its timeline. */
export function recordAcceptances(
  db: Ledger,
  rows: readonly StagedRow[],
  ids: readonly string[],
  now: number,
): void {
  rows.forEach((row, i) => {
    const id = ids[i]
    if (id && row.warnings.length > 0)
      recordDecision(db, id, now, {
        accepted: row.warnings.map((w) => ({ code: w.code, message: w.message })),
      })
  })
}

/**
 * Writes the valid rows as one queued batch, all or nothing, in one transaction. Rows with errors are
 * never written. The command line commits this way; the window commits in chunks
 * (commit-in-chunks.ts), so its main thread is never stopped for the whole write.
 */
export function commitImport(db: Ledger, staged: StagedImport, options: CommitOptions): CommittedImport {
  const rows = committableRows(staged, options)
  return db.transaction(() => {
    assertUnchangedSinceReview(db, staged, rows)
    const batchId = createBatch(db, staged.profileId, staged.fileName, staged.fileSha256, options.now)
    const ids = draftPayouts(
      db,
      staged.profileId,
      rows.map((row) => draftOfRow(row, batchId)),
      options.now,
    )
    recordAcceptances(db, rows, ids, options.now ?? Date.now())
    return { batchId, count: rows.length, awaitingRelease: batchIsHeld(db, batchId) }
  })()
}
