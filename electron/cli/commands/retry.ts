import { STATUS_WORDS } from '../../../shared/domain/payout-status.ts'
import { retryBatch, retryPayout } from '../../actions/retry.ts'
import { retryPreview } from '../../ledger/retries-repo.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, count, money, terminalWords, type CliIo } from '../cli-context.ts'
import { payoutByReference } from './ledger.ts'
import { runBatch } from './run-batch.ts'
import { jsonOutput } from '../json-output.ts'
import { batchMoney, batchWords, shortBatch } from '../batch-names.ts'

export interface RetryArgs {
  batch?: string
  profile?: string
  yes?: boolean
  json?: boolean
}

export async function confirm(io: CliIo, yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true
  if (!io.isTty) throw new UsageError('add --yes to pay again without a prompt')
  return (await io.ask(`${question} Type yes to pay again: `)).trim().toLowerCase() === 'yes'
}

/**
 * `payout-desk retry REF` / `retry --batch B`: the Retry action, as the window's button runs it. The
 * gateway is asked about the original first; only a definite "it did not go through" pays again.
 */
export async function retryCommand(
  services: Services,
  reference: string | undefined,
  args: RetryArgs,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (args.batch) {
    if (reference) throw new UsageError('retry takes REF or --batch B, not both')
    // What would be asked about, before the question: the person answers about what they saw.
    const preview = retryPreview(services.ledger, args.batch)
    if (preview?.count === 0) {
      // Nothing to ask about: no question is put to the person.
      io.out(
        `${batchWords(args.batch, preview)}: every payout went through or was paid again already. Nothing to pay again.\n`,
      )
      emit({ batch: null, count: 0, left: [] })
      return 0
    }
    if (preview)
      io.out(
        `${batchWords(args.batch, preview)}: ${count(preview.count, 'payout')} did not go through, ` +
          `${batchMoney(preview, preview.totalMinor)} in all. ` +
          'Each is asked about first; only what the gateway says did not go through is paid again.\n',
      )
    if (
      !(await confirm(
        io,
        args.yes,
        `Pay again the payouts of batch ${shortBatch(args.batch)} that did not go through?`,
      ))
    ) {
      io.out('Nothing was paid again.\n')
      emit({ batch: null, count: 0, left: [] })
      return 0
    }
    const result = await retryBatch(services, args.batch)
    for (const l of result.left) io.err(`${l.reference}: not paid again: ${terminalWords(l.why)}\n`)
    io.out(`Batch ${shortBatch(result.batchId)}: ${count(result.count, 'payout')} to pay again.\n`)
    const left = result.left.map((l) => ({ reference: l.reference, why: terminalWords(l.why) }))
    const again = { batch: result.batchId, count: result.count, left }
    if (result.awaitingRelease) {
      io.out(
        `It waits for the owner's release (\`payout-desk release ${shortBatch(result.batchId)} --passphrase-stdin\`).\n`,
      )
      emit({ ...again, awaitingRelease: true, sent: 0 })
      return 0
    }
    const { code, ...run } = await runBatch(services, result.batchId, 4, io)
    emit({ ...again, ...run, awaitingRelease: false })
    return code
  }
  if (!reference) throw new UsageError('retry needs REF or --batch B')
  const row = payoutByReference(services, reference, args.profile)
  const what = `${reference}: ${money(row.amountMinor, row.currency)} to ${row.beneficiaryName} (${row.accountNo}), profile "${row.profileName}" (${row.environment === 'production' ? 'REAL MONEY' : 'test money'}).`
  io.out(`${what}\n`)
  if (!(await confirm(io, args.yes, 'Pay it again as a new payout?'))) {
    io.out('Nothing was paid again.\n')
    emit({ reference: null, retryOf: reference, status: null })
    return 0
  }
  const again = await retryPayout(services, row.id)
  const status = await again.sent
  emit({ reference: again.reference, retryOf: reference, status: STATUS_WORDS[status] })
  if (status === 'draft')
    io.out(
      `Written as ${again.reference}; over a release limit, it waits for the owner's release (\`payout-desk release --all --passphrase-stdin\`).\n`,
    )
  else io.out(`Paid again as ${again.reference}: ${STATUS_WORDS[status]}.\n`)
  return status === 'queued' ? 1 : 0
}
