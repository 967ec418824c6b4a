import { createHash, randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { ACCOUNT_WARNINGS } from '../import/commit-import.ts'
import { sheetFromCells } from '../import/parse-csv.ts'
import { sameFields } from '../payouts/draft-payout.ts'
import type { StagedRow } from '../import/stage-import.ts'
import { teamPayoutAtAccount } from '../team/team-review-reads.ts'
import { commitTeamFile, reviewTeamFile, type TeamFileReview } from './team-import.ts'

/*
 * One payout typed on the team ledger (`payout-desk team pay`): reviewed as a one-row file is, by the same
 * review (the gateway's rules, the same amount to the same account within 30 days, a known person at a
 * new account, a reference taken), and written the same way, without a batch. The same reference again,
 * for the same payout, is that payout: nothing new is written.
 */

export interface TeamPayRequest {
  /** As people call it, or `{ id }` from the window. */
  profile: string | { id: string }
  /** As the person typed it, in the profile's currency. */
  amount: string
  fields: Readonly<Record<string, string>>
  reference?: string
}

export interface TeamPayReview {
  review: TeamFileReview
  row: StagedRow
  /** The same reference was written before for exactly this payout: that one, as it is now. */
  existing: { id: string; reference: string; status: string } | null
}

/** Reviews one payout for a team profile without writing anything. */
export async function reviewTeamPayout(pool: pg.Pool, request: TeamPayRequest): Promise<TeamPayReview> {
  const header = [
    'amount',
    ...(request.reference !== undefined ? ['reference'] : []),
    ...Object.keys(request.fields),
  ]
  const cells = [
    request.amount,
    ...(request.reference !== undefined ? [request.reference] : []),
    ...Object.values(request.fields),
  ]
  const sheet = sheetFromCells([
    { line: 1, cells: header },
    { line: 2, cells },
  ])
  const mapping = Object.fromEntries(header.map((h) => [h, h]))
  // No file: a digest no other write shares, so "the same file again" never applies.
  const source = {
    fileName: null,
    sha256: createHash('sha256').update(`team pay ${randomUUID()}`).digest('hex'),
  }
  const review = await reviewTeamFile(
    pool,
    request.profile,
    ({ provider, area }) => {
      // Only the gateway's own fields: one named like a column ("amount", "reference") would stand in
      // for the payout's own amount or reference.
      const known = new Set(payoutShape(provider, area)?.fields.map((f) => f.key) ?? [])
      const foreign = Object.keys(request.fields).filter((k) => !known.has(k))
      if (foreign.length > 0)
        throw new AppError('INVALID_INPUT', {
          key: 'detailsNotValid',
          params: { fields: foreign.map((k) => `${k}:not_allowed`).join(',') },
        })
      return Promise.resolve({ sheet, source })
    },
    { mapping },
  )
  const row = review.staged.rows[0] as StagedRow
  let existing: TeamPayReview['existing'] = null
  if (request.reference !== undefined && row.errors.some((e) => e.code === 'reference_used')) {
    const before = await teamPayoutAtAccount(pool, review.profile.id, request.reference)
    const others = row.errors.filter((e) => e.code !== 'reference_used')
    if (
      before &&
      others.length === 0 &&
      before.profileId === review.profile.id &&
      before.amountMinor === row.amountMinor &&
      sameFields(before.fields, row.fields)
    )
      existing = { id: before.id, reference: request.reference, status: before.status }
  }
  return { review, row, existing }
}

/**
 * Writes a reviewed payout once its person accepted what the review warned about (repeats with
 * `duplicates`, a changed account with `accountChange`). Throws what is missing; writes nothing then.
 */
export async function writeTeamPayout(
  pool: pg.Pool,
  { review, row }: TeamPayReview,
  accepted: { duplicates: boolean; accountChange: boolean },
): Promise<{ id: string; reference: string; status: string }> {
  const covered = (w: ImportIssue) =>
    ACCOUNT_WARNINGS.has(w.code) ? accepted.accountChange : accepted.duplicates
  const rows = new Set(row.warnings.every(covered) ? [row.line] : [])
  const done = await commitTeamFile(pool, review, {
    skipInvalid: false,
    accepted: { rows, repeatFile: false },
    single: true,
  })
  const status = done.statuses[0]?.status ?? 'queued'
  return { id: done.ids[0] ?? '', reference: done.references[0] ?? '', status }
}
