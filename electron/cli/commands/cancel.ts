import { STATUS_WORDS } from '../../../shared/domain/payout-status.ts'
import { cancelBatch, cancelPayouts } from '../../actions/cancel.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, count, type CliIo } from '../cli-context.ts'
import { payoutIdsByReference, type FilterArgs } from './ledger.ts'

/**
 * `payout-desk cancel`: the Cancel action on one payout or a batch. What never left this computer
 * (queued, or waiting for release) is cancelled; anything sent is left for the gateway to settle.
 */
export function cancelCommand(services: Services, args: FilterArgs & { json?: boolean }, io: CliIo): number {
  if (!args.id === !args.batch) throw new UsageError('cancel takes --id REF or --batch B (one of them)')
  let outcome
  if (args.id) {
    const ids = payoutIdsByReference(services, args.id, args.profile)
    if (ids.length > 1)
      throw new UsageError(`${ids.length} profiles have a payout ${args.id}; add --profile NAME to say which`)
    outcome = cancelPayouts(services, ids)
  } else {
    // A batch being sent by the window is stopped there; here only what never left is cancelled.
    outcome = cancelBatch(services, null, args.batch ?? '').cancelled ?? { cancelled: [], left: [] }
  }
  const { cancelled, left } = outcome
  if (args.json) io.out(`${JSON.stringify({ cancelled, left })}\n`)
  else io.out(`Cancelled ${count(cancelled.length, 'payout')}.\n`)
  if (left.length > 0) {
    io.err(
      `Not cancelled, because ${left.length === 1 ? 'it was' : 'they were'} sent already or ${left.length === 1 ? 'is' : 'are'} final: ${left.map((l) => `${l.reference} (${STATUS_WORDS[l.status]})`).join(', ')}. \`payout-desk refresh\` asks the gateway about sent ones.\n`,
    )
    return args.id ? 1 : 0
  }
  return 0
}
