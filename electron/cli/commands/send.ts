import { stageImport } from '../../import/stage-import.ts'
import { resolveProfile } from '../../payouts/draft-payout.ts'
import { commitReviewedFile } from '../../actions/import-file.ts'
import { refuseIfCannotSend } from '../../actions/can-send.ts'
import { batchHeadline, interruptedBatches, queuedOfBatch } from '../../ledger/batches-repo.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, count, profileByName, type CliIo } from '../cli-context.ts'
import { presentReview, readReviewedFile, type FileReviewArgs } from '../file-review.ts'
import { jsonOutput } from '../json-output.ts'
import { runBatch, type BatchOutcome } from './run-batch.ts'
import { batchMoney, batchWords, shortBatch } from '../batch-names.ts'

export interface SendArgs extends FileReviewArgs {
  profile?: string
  concurrency?: string
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
  const { shape } = resolveProfile(services.ledger, profile.id)
  const { sheet, source } = await readReviewedFile(args, { provider: profile.provider, area: profile.area })
  const staged = stageImport(services.ledger, profile.id, sheet, source, {
    thousandsDot: args['thousands-dot'] === true,
  })
  const { refusals, total, ...accepted } = presentReview(
    io,
    args,
    { fileName: source.fileName, sheet, staged, shape },
    profile,
    { verb: 'send', done: 'sent' },
  )
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
