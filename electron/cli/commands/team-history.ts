import type { CurrencyCode } from '../../../shared/money.ts'
import { AppError } from '../../errors.ts'
import { connected } from '../../team/team-admin.ts'
import { openTeamCopy, teamCopyPath, updateTeamCopy, type TeamCopy } from '../../team/team-copy.ts'
import { teamHistoryPage, teamPayoutStories, type TeamHistoryRow } from '../../team/team-history.ts'
import { defaultDataDir, localTime, money, UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { table } from '../table.ts'
import { ledgerUrl, type TeamArgs } from './team.ts'

export interface TeamListArgs extends TeamArgs {
  status?: string
  profile?: string
  search?: string
  limit?: string
}

const amount = (p: { amountMinor: number; currency: CurrencyCode }) => money(p.amountMinor, p.currency)

/**
 * Reads from the team ledger, and brings this desk's copy up to date from it; when the server cannot be
 * reached, reads this desk's last copy instead and says so first (on stderr under --json, so the answer
 * stays one JSON value), read-only.
 */
async function fromBookOrCopy<T>(
  args: TeamArgs,
  io: CliIo,
  online: Parameters<typeof connected<T>>[1],
  offline: (copy: TeamCopy) => T,
): Promise<T> {
  const url = ledgerUrl(args)
  const file = teamCopyPath(defaultDataDir(), url)
  try {
    return await connected(url, async (c) => {
      const answer = await online(c)
      // The answer stands without it: the copy is only for a later day without the server.
      await updateTeamCopy(c, file).catch((error: unknown) =>
        io.err(`This desk's offline copy could not be brought up to date (${String(error)}).\n`),
      )
      return answer
    })
  } catch (error) {
    const copy = error instanceof AppError && error.code === 'UNREACHABLE' ? openTeamCopy(file) : null
    if (!copy) throw error
    try {
      const at = copy.copiedAt()
      const say = args.json ? io.err : io.out
      say(
        `OFFLINE: the team ledger cannot be reached. This is this desk's copy of ${at === null ? 'an unknown time' : localTime(at)}, read-only; nothing can be sent or approved until the server is back.\n`,
      )
      return offline(copy)
    } finally {
      copy.close()
    }
  }
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
  const { rows, next } = await fromBookOrCopy(
    args,
    io,
    (c) => teamHistoryPage(c, query),
    (copy) => copy.page(query),
  )
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
  const stories = await fromBookOrCopy(
    args,
    io,
    (c) => teamPayoutStories(c, reference),
    (copy) => copy.stories(reference),
  )
  if (stories.length === 0) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  for (const { payout, events } of stories) {
    io.out(
      `${payout.reference} (${payout.profile}, ${payout.environment === 'production' ? 'real money' : 'test money'}): ${amount(payout)}, ${payout.status.replace('_', ' ')}\n` +
        `Prepared by ${payout.preparedBy}${payout.approvedBy ? `, approved by ${payout.approvedBy}` : ''}.\n`,
    )
    for (const e of events) io.out(`  ${localTime(e.at)}  ${e.kind.padEnd(12)} ${e.person}\n`)
  }
  emit(stories)
  return 0
}
