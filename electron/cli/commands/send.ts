import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { STATUS_LABELS, type PayoutStatus } from '../../../shared/domain/payout-status.ts'
import { AppError } from '../../errors.ts'
import { readSheet } from '../../import/read-sheet.ts'
import { commitImport, sha256Hex, stageImport } from '../../import/stage-import.ts'
import { createBatchRunner, interruptedBatches } from '../../payouts/batches.ts'
import type { SendProgress } from '../../payouts/send-queue.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, money, profileByName, type CliIo } from '../cli-context.ts'

export interface SendArgs {
  profile?: string
  file?: string
  yes?: boolean
  concurrency?: string
  'skip-invalid'?: boolean
  'allow-duplicate-file'?: boolean
}

const counts = (p: SendProgress) =>
  Object.entries(p.byStatus)
    .map(([status, n]) => `${n} ${STATUS_LABELS[status as PayoutStatus]}`)
    .join(', ')

/** Sends the queued payouts of one batch, with a progress line on a terminal; Ctrl-C stops cleanly. */
async function runBatch(
  services: Services,
  batchId: string,
  concurrency: number,
  io: CliIo,
): Promise<number> {
  let last = 0
  const runner = createBatchRunner({
    db: services.ledger,
    engine: services.engine,
    ready: services.ready,
    concurrency,
    onProgress: (p) => {
      if (!io.isTty || Date.now() - last < 100) return
      last = Date.now()
      io.out(`\rSending ${p.done}/${p.total} · ${p.inFlight} in flight   `)
    },
  })
  const started = await runner.start(batchId)
  const finished = runner.finished(batchId)
  let stopped: (value: 'interrupted') => void = () => undefined
  const interrupted = new Promise<'interrupted'>((resolve) => (stopped = resolve))
  const onSigint = () => {
    // Stop taking new payouts; the ones in flight finish and are recorded before we exit.
    runner.pause(batchId)
    io.err('\nStopping: no new payouts will be sent; waiting for the ones in flight…\n')
    const timer = setInterval(() => {
      const p = runner.pause(batchId)
      if (!p || p.inFlight === 0) {
        clearInterval(timer)
        stopped('interrupted')
      }
    }, 50)
  }
  process.once('SIGINT', onSigint)
  io.out(`Sending ${started.total} payouts (Ctrl-C stops after the ones in flight).\n`)
  const result = await Promise.race([finished, interrupted])
  process.removeListener('SIGINT', onSigint)
  if (io.isTty) io.out('\n')
  if (result === 'interrupted' || result === null) {
    io.err(`Stopped. Payouts not sent yet stay queued; run \`payout-desk resume ${batchId}\` to send them.\n`)
    return 1
  }
  io.out(
    `Batch ${batchId}: ${started.total} sent (${counts(result)}). \`payout-desk refresh --batch ${batchId}\` checks them again.\n`,
  )
  return 0
}

export async function sendCommand(services: Services, args: SendArgs, io: CliIo): Promise<number> {
  const profile = profileByName(services, args.profile)
  if (!args.file) throw new UsageError('--file F.csv is required')
  const concurrency = Number(args.concurrency ?? 4)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new UsageError('--concurrency takes 1 to 32')
  let bytes: Buffer
  try {
    bytes = readFileSync(args.file)
  } catch {
    throw new UsageError(`cannot read ${args.file}`)
  }
  const staged = stageImport(services.ledger, profile.id, await readSheet(args.file, bytes), {
    fileName: basename(args.file),
    sha256: sha256Hex(bytes),
  })
  // The window lets the person map columns by hand; here the header itself must say which is the amount.
  if (!Object.values(staged.mapping).includes('amount'))
    throw new AppError('INVALID_INPUT', 'No column holds the amount. Name one "amount" (or 金额).')
  if (staged.previousImport && !args['allow-duplicate-file']) {
    throw new AppError(
      'INVALID_INPUT',
      `This file was already imported on ${new Date(staged.previousImport.at).toISOString().slice(0, 10)} (batch ${staged.previousImport.batchId}). Add --allow-duplicate-file to send it again.`,
    )
  }
  for (const row of staged.rows) {
    for (const e of row.errors) io.err(`line ${row.line}: ${e.message}\n`)
    for (const w of row.warnings) io.err(`line ${row.line}: warning: ${w.message}\n`)
  }
  const total = money(staged.totalMinor, staged.currency)
  io.out(
    `${staged.valid} payouts ready, ${staged.invalid} with errors; total ${total}; profile "${profile.name}" (${profile.environment === 'production' ? 'PRODUCTION, real money' : 'sandbox, test money'}).\n`,
  )
  if (staged.invalid > 0 && !args['skip-invalid']) {
    io.err(
      `Nothing was sent: fix the rows above, or add --skip-invalid to send only the ${staged.valid} valid ones.\n`,
    )
    return 1
  }
  if (!args.yes) {
    if (!io.isTty) throw new UsageError('add --yes to send without a prompt')
    const answer = await io.ask(`Send ${staged.valid} payouts, ${total} in total? Type yes to send: `)
    if (answer.trim().toLowerCase() !== 'yes') {
      io.out('Nothing was sent.\n')
      return 0
    }
  }
  const { batchId } = commitImport(services.ledger, staged, { skipInvalid: true })
  io.out(`Batch ${batchId} written.\n`)
  return runBatch(services, batchId, concurrency, io)
}

export async function resumeCommand(
  services: Services,
  positional: string[],
  all: boolean,
  io: CliIo,
): Promise<number> {
  const ids = all ? interruptedBatches(services.ledger) : positional.slice(0, 1)
  if (!all && ids.length === 0) throw new UsageError('resume BATCH | --all')
  if (ids.length === 0) io.out('No interrupted batch: nothing to resume.\n')
  let code = 0
  for (const id of ids) {
    if (!services.ledger.prepare('SELECT 1 FROM batches WHERE id = ?').get(id))
      throw new AppError('NOT_FOUND', `No batch ${id}.`)
    code = Math.max(code, await runBatch(services, id, 4, io))
  }
  return code
}
