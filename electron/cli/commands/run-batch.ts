import { wordStored } from '../../../shared/messages/stored-text.ts'
import { STATUS_WORDS, type PayoutStatus } from '../../../shared/domain/payout-status.ts'
import { startBatch } from '../../actions/batches.ts'
import { queuedErrorOfBatch } from '../../ledger/payouts-repo.ts'
import { createBatchRunner } from '../../payouts/batches.ts'
import type { SendProgress } from '../../payouts/send-queue.ts'
import type { Services } from '../../services/create-services.ts'
import { count, terminalLanguage, type CliIo } from '../cli-context.ts'
import { shortBatch } from '../batch-names.ts'

/** How a batch's run ended, for people (printed) and for scripts (--json). */
export interface BatchOutcome {
  code: number
  batch: string
  total: number
  /** Handed to the gateway: not queued (never left), not cancelled, not refused. */
  sent: number
  /** Per status word (`succeeded`, `in-doubt`, `queued`…), how many of the batch's payouts. */
  byStatus: Record<string, number>
  /** Ctrl-C stopped it; what was not sent stays queued. */
  stopped: boolean
}

const counts = (p: SendProgress) =>
  Object.entries(p.byStatus)
    .filter(([status]) => status !== 'queued' && status !== 'rejected')
    .map(([status, n]) => `${n} ${STATUS_WORDS[status as PayoutStatus]}`)
    .join(', ')

/**
 * Handed to the gateway: queued never left this computer, held (draft) waits for the owner's release,
 * cancelled was stopped before, refused means the gateway took none of it.
 */
const NOT_SENT: ReadonlySet<string> = new Set(['queued', 'draft', 'cancelled', 'rejected'])
const sentOf = (byStatus: SendProgress['byStatus']) =>
  Object.entries(byStatus).reduce((sum, [status, n]) => sum + (NOT_SENT.has(status) ? 0 : n), 0)

const inWords = (byStatus: SendProgress['byStatus']) =>
  Object.fromEntries(Object.entries(byStatus).map(([s, n]) => [STATUS_WORDS[s as PayoutStatus], n]))

/** Sends the queued payouts of one batch, with a progress line on a terminal; Ctrl-C stops cleanly. */
export async function runBatch(
  services: Services,
  batchId: string,
  concurrency: number,
  io: CliIo,
): Promise<BatchOutcome> {
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
  const started = await startBatch(services, runner, batchId)
  const finished = runner.finished(batchId)
  let stopped: (value: SendProgress | null) => void = () => undefined
  const interrupted = new Promise<SendProgress | null>((resolve) => (stopped = resolve))
  const onSigint = () => {
    // Stop taking new payouts; the ones in flight finish and are recorded before we exit.
    let last = runner.pause(batchId)
    io.err('\nStopping: no new payouts will be sent; waiting for the ones in flight…\n')
    const timer = setInterval(() => {
      const p = runner.pause(batchId)
      if (!p || p.inFlight === 0) {
        clearInterval(timer)
        stopped(p ?? last)
      }
      last = p ?? last
    }, 50)
  }
  process.once('SIGINT', onSigint)
  io.out(`Sending ${count(started.total, 'payout')} (Ctrl-C stops after the ones in flight).\n`)
  const done = await Promise.race([
    finished.then((p) => ({ p, stopped: false })),
    interrupted.then((p) => ({ p, stopped: true })),
  ])
  process.removeListener('SIGINT', onSigint)
  if (io.isTty) io.out('\n')
  const outcome = { batch: batchId, total: started.total }
  const result = done.p
  if (done.stopped || result === null) {
    io.err(
      `Stopped. Payouts not sent yet stay queued; run \`payout-desk resume ${shortBatch(batchId)}\` to send them.\n`,
    )
    // What left before the stop was sent all the same: a script must not send it again.
    const byStatus = result?.byStatus ?? {}
    return {
      ...outcome,
      code: 1,
      sent: sentOf(byStatus),
      byStatus: inWords(byStatus),
      stopped: true,
    }
  }
  const { queued = 0, rejected = 0 } = result.byStatus
  const sent = sentOf(result.byStatus)
  const ended = { ...outcome, sent, byStatus: inWords(result.byStatus), stopped: false }
  io.out(
    `Batch ${shortBatch(batchId)}: ${count(sent, 'payout')} sent${sent > 0 ? ` (${counts(result)}). \`payout-desk refresh --batch ${shortBatch(batchId)}\` checks them again` : ''}.\n`,
  )
  if (rejected > 0)
    io.err(
      `${count(rejected, 'payout')} refused by the gateway and not paid: \`payout-desk list --batch ${shortBatch(batchId)} --status rejected\` says why.\n`,
    )
  if (queued > 0) {
    const kept = queuedErrorOfBatch(services.ledger, batchId)
    const why = kept && wordStored(kept, terminalLanguage(), 'cli')
    io.err(
      `${count(queued, 'payout')} could not be sent and ${queued === 1 ? 'stays' : 'stay'} queued${why ? `: ${why}` : '.'} Fix that, then run \`payout-desk resume ${shortBatch(batchId)}\`.\n`,
    )
    return { ...ended, code: 1 }
  }
  return { ...ended, code: rejected > 0 ? 1 : 0 }
}
