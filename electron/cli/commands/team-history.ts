import type { CurrencyCode } from '../../../shared/money.ts'
import { teamHistory, teamStories, type BookAnswer } from '../../actions/team-book.ts'
import type { TeamHistoryRow } from '../../team/team-history.ts'
import { defaultDataDir, localTime, money, UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { KIND_WORDS } from './team-approve.ts'
import { table } from '../table.ts'
import { ledgerUrl, type TeamArgs } from './team.ts'

export interface TeamListArgs extends TeamArgs {
  status?: string
  profile?: string
  search?: string
  limit?: string
}

const amount = (p: { amountMinor: number; currency: CurrencyCode }) => money(p.amountMinor, p.currency)

/** Says where an answer came from when it was not the server, and a copy that could not be updated. */
function tell(io: CliIo, json: boolean | undefined, read: BookAnswer<unknown>): void {
  if (read.copyProblem)
    io.err(`This desk's offline copy could not be brought up to date (${read.copyProblem}).\n`)
  if (!read.offline) return
  const at = read.offline.copiedAt
  ;(json ? io.err : io.out)(
    `OFFLINE: the team ledger cannot be reached. This is this desk's copy of ${at === null ? 'an unknown time' : localTime(at)}, read-only; nothing can be sent or approved until the server is back.\n`,
  )
}

/** `payout-desk team list`: the team's history, newest first, with who prepared and approved each. */
export async function teamListCommand(args: TeamListArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const limit = args.limit === undefined ? 50 : Number(args.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000)
    throw new UsageError('--limit takes a whole number from 1 to 1000')
  const query = {
    limit,
    ...(args.status ? { status: args.status } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.search ? { search: args.search } : {}),
  }
  const read = await teamHistory(ledgerUrl(args), defaultDataDir(), query)
  tell(io, args.json, read)
  const { rows, next } = read.answer
  io.out(
    rows.length === 0
      ? 'No payouts match.\n'
      : table(
          [
            { header: 'Reference', cell: (p: TeamHistoryRow) => p.reference },
            { header: 'Profile', cell: (p: TeamHistoryRow) => p.profile },
            { header: 'Amount', cell: amount },
            { header: 'Status', cell: (p: TeamHistoryRow) => p.status.replace('_', ' ') },
            { header: 'Prepared by', cell: (p: TeamHistoryRow) => p.preparedBy },
            { header: 'Approved by', cell: (p: TeamHistoryRow) => p.approvedBy ?? '' },
            { header: 'Written', cell: (p: TeamHistoryRow) => localTime(p.createdAt) },
          ],
          rows,
        ) + (next ? `Newest ${rows.length} shown; more with --limit.\n` : ''),
  )
  emit(rows)
  return 0
}

/** `payout-desk team show REF`: one payout's story on the team ledger, each step with its person. */
export async function teamShowCommand(
  reference: string | undefined,
  args: TeamArgs,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (!reference) throw new UsageError('team show needs the payout reference')
  const read = await teamStories(ledgerUrl(args), defaultDataDir(), reference)
  tell(io, args.json, read)
  const stories = read.answer
  for (const { payout, events } of stories) {
    io.out(
      `${payout.reference} (${payout.profile}, ${payout.environment === 'production' ? 'real money' : 'test money'}): ${amount(payout)}, ${payout.status.replace('_', ' ')}\n` +
        `Prepared by ${payout.preparedBy}${payout.approvedBy ? `, approved by ${payout.approvedBy}` : ''}.\n`,
    )
    for (const e of events) {
      io.out(
        `  ${localTime(e.at)}  ${e.kind.padEnd(12)} ${e.person}${e.toStatus ? `  → ${e.toStatus.replace('_', ' ')}` : ''}\n`,
      )
      const acknowledged = acknowledgedIn(e)
      if (acknowledged.length > 0) io.out(`${' '.repeat(20)}acknowledging: ${acknowledged.join(', ')}\n`)
    }
  }
  emit(stories)
  return 0
}

/** What the owner acknowledged of the book's notes when she approved (team migration 18), in words. */
function acknowledgedIn(e: { kind: string; detail: unknown }): string[] {
  const said = e.kind === 'approved' ? (e.detail as { acknowledged?: unknown } | null)?.acknowledged : null
  return Array.isArray(said)
    ? said.map((k) =>
        typeof k === 'string' && k in KIND_WORDS ? KIND_WORDS[k as keyof typeof KIND_WORDS] : String(k),
      )
    : []
}
