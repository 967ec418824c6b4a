import { commitTeamFile, reviewTeamFile } from '../../actions/team-import.ts'
import { count, money, UsageError, type CliIo } from '../cli-context.ts'
import { shortBatch } from '../batch-names.ts'
import { presentReview, readReviewedFile, type FileReviewArgs } from '../file-review.ts'
import { jsonOutput } from '../json-output.ts'
import { atTeamDesk } from './team-send.ts'
import type { TeamArgs } from './team.ts'

export interface TeamImportArgs extends TeamArgs, FileReviewArgs {
  profile?: string
}

/**
 * `payout-desk team import --profile NAME --file FILE`: the bookkeeper's (or an owner's) file, reviewed as
 * on a desk's own ledger and written to the team ledger as one batch. Nothing is sent here: what is
 * within the profile's limits is ready for any desk holding its secret (`team send`), and what exceeds
 * them waits for an owner's approval (`approve BATCH`).
 */
export async function teamImportCommand(args: TeamImportArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (!args.profile) throw new UsageError('--profile NAME is required')
  const profileName = args.profile
  return atTeamDesk(args, async (desk) => {
    const review = await reviewTeamFile(
      desk.pool,
      profileName,
      (headerFor) => readReviewedFile(args, headerFor),
      {
        thousandsDot: args['thousands-dot'] === true,
      },
    )
    const { profile, staged, source } = review
    const { refusals, total, ...accepted } = presentReview(
      io,
      args,
      { fileName: source.fileName ?? '', sheet: review.sheet, staged, shape: profile.shape },
      profile,
      { verb: 'write', done: 'written' },
    )
    if (refusals.length > 0) {
      io.err(`Nothing was written: ${refusals.join('; ')}.\n`)
      emit({ batch: null, written: 0, refused: refusals })
      return 1
    }
    if (!args.yes) {
      if (!io.isTty) throw new UsageError('add --yes to write without a prompt')
      const answer = await io.ask(
        `Write ${count(staged.valid, 'payout')}, ${total} in total, to the team ledger for "${profile.name}"? Type yes to write: `,
      )
      if (answer.trim().toLowerCase() !== 'yes') {
        io.out('Nothing was written.\n')
        emit({ batch: null, written: 0, refused: [] })
        return 0
      }
    }
    const done = await commitTeamFile(desk.pool, review, { skipInvalid: true, accepted })
    const short = shortBatch(done.batchId)
    io.out(`Batch ${short} written to the team ledger: ${count(done.written, 'payout')}, ${total}.\n`)
    for (const s of done.statuses) {
      const amount = money(s.totalMinor, staged.currency)
      if (s.status === 'awaiting_approval')
        io.out(
          `${count(s.count, 'payout')} (${amount}) over a limit of "${profile.name}" ${s.count === 1 ? 'waits' : 'wait'} for an owner's approval: payout-desk approve ${short}\n`,
        )
      else if (s.status === 'queued')
        io.out(
          `${count(s.count, 'payout')} (${amount}) ${s.count === 1 ? 'is' : 'are'} ready: a desk holding the secret of "${profile.name}" sends them with payout-desk team send\n`,
        )
    }
    emit({
      batch: done.batchId,
      written: done.written,
      totalMinor: done.totalMinor,
      currency: staged.currency,
      statuses: done.statuses,
    })
    return 0
  })
}
