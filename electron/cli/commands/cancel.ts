import { AppError } from '../../errors.ts'
import { loadPayout, observe } from '../../payouts/payout-store.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, type CliIo } from '../cli-context.ts'
import { payoutIdsByReference, type FilterArgs } from './ledger.ts'

/**
 * Cancels payouts that have not left this computer. Only "queued" ones: anything that reached a gateway
 * may still pay, so it is settled by asking the gateway, never by a cancel here. The state machine
 * decides and writes the audit event, so a payout a running batch claims meanwhile is left as it is.
 */
export function cancelCommand(services: Services, args: FilterArgs, io: CliIo): number {
  const db = services.ledger
  if (!args.id === !args.batch) throw new UsageError('cancel takes --id REF or --batch B (one of them)')
  const ids = args.id
    ? payoutIdsByReference(services, args.id, args.profile)
    : (db
        .prepare('SELECT id FROM payouts WHERE batch_id = ? ORDER BY created_at')
        .pluck()
        .all(args.batch) as string[])
  if (args.id && ids.length > 1)
    throw new UsageError(`${ids.length} profiles have a payout ${args.id}; add --profile NAME to say which`)
  if (ids.length === 0) throw new AppError('NOT_FOUND', `No batch ${args.batch}.`)
  let cancelled = 0
  const left: string[] = []
  for (const id of ids) {
    const payout = loadPayout(db, id)
    if (payout?.status !== 'queued') {
      left.push(`${payout?.reference ?? id} (${payout?.status ?? 'gone'})`)
      continue
    }
    const result = observe(
      db,
      id,
      {
        to: 'cancelled',
        source: 'user',
        lastError: 'Cancelled from the command line before it was sent.',
        nextCheckAt: null,
      },
      Date.now(),
    )
    if (result.to === 'cancelled') cancelled++
    else left.push(`${payout.reference} (${result.to})`)
  }
  const noun = (n: number) => (n === 1 ? 'payout' : 'payouts')
  io.out(`Cancelled ${cancelled} queued ${noun(cancelled)}.\n`)
  if (left.length > 0) {
    io.err(
      `Not cancelled, because ${left.length === 1 ? 'it is' : 'they are'} no longer queued (sent or final): ${left.join(', ')}. \`payout-desk refresh\` asks the gateway about sent ones.\n`,
    )
    return args.id ? 1 : 0
  }
  return 0
}
