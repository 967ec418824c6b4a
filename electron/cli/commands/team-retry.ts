import { STATUS_WORDS } from '../../../shared/domain/payout-status.ts'
import type { CurrencyCode } from '../../../shared/money.ts'
import { retryForTeam, retryTeamBatch } from '../../actions/team-retry.ts'
import { AppError } from '../../errors.ts'
import { teamPayoutIdsOf, teamRetryCandidates } from '../../team/team-retries.ts'
import { UsageError, count, money, terminalWords, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { confirm } from './retry.ts'
import { atTeamDesk } from './team-send.ts'
import type { TeamArgs } from './team.ts'

export interface TeamRetryArgs extends TeamArgs {
  profile?: string
  batch?: string
  yes?: boolean
}

/** `team retry --batch B`: what would be asked about is named first; then each is asked and paid again. */
async function teamRetryBatch(batch: string, args: TeamRetryArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  return atTeamDesk(args, async (desk) => {
    const found = await teamRetryCandidates(desk.pool, batch)
    const { payouts } = found
    const currency = (payouts[0]?.currency ?? 'IDR') as CurrencyCode
    // The batch as found, not as typed: its file, its profile, and test or real money.
    const named = `Batch ${found.batchId.slice(0, 8)}${found.fileName ? ` (${found.fileName})` : ''}, team profile "${found.profile}" (${found.environment === 'production' ? 'REAL MONEY' : 'test money'})`
    if (payouts.length === 0) {
      // Nothing to ask about: no question is put to the person.
      io.out(`${named}: every payout went through or was paid again already. Nothing to pay again.\n`)
      emit({ retried: [], left: [] })
      return 0
    }
    io.out(
      `${named}: ${count(payouts.length, 'payout')} did not go through, ` +
        `${money(
          payouts.reduce((sum, p) => sum + p.amountMinor, 0),
          currency,
        )} in all. ` +
        'Each is asked about first; only what the gateway says did not go through is paid again.\n',
    )
    if (
      !(await confirm(
        io,
        args.yes,
        `Pay again the payouts of batch ${found.batchId.slice(0, 8)} that did not go through?`,
      ))
    ) {
      io.out('Nothing was paid again.\n')
      emit({ retried: [], left: [] })
      return 0
    }
    // What the person was told of, and only that: one failed since waits for the next run.
    const result = await retryTeamBatch(
      desk,
      found.batchId,
      payouts.map((p) => p.id),
    )
    for (const l of result.left) io.err(`${l.reference}: not paid again: ${terminalWords(l.why)}\n`)
    for (const r of result.retried)
      io.out(`${r.retryOf} paid again as ${r.reference}: ${statusWords(r.status)}.\n`)
    emit({
      retried: result.retried.map((r) => ({
        reference: r.reference,
        retryOf: r.retryOf,
        status: statusWords(r.status),
      })),
      left: result.left.map((l) => ({ reference: l.reference, why: terminalWords(l.why) })),
    })
    return result.left.length > 0 ? 1 : 0
  })
}

const statusWords = (status: string) => (STATUS_WORDS as Record<string, string | undefined>)[status] ?? status

/**
 * `payout-desk team retry REF`: pays again, as a new linked payout, a team payout the gateway says did not
 * go through, after naming it. Only from a desk holding the profile's secret: the gateway is asked first.
 */
export async function teamRetryCommand(
  reference: string | undefined,
  args: TeamRetryArgs,
  given: CliIo,
): Promise<number> {
  if (args.batch !== undefined) {
    if (reference) throw new UsageError('team retry takes REF or --batch B, not both')
    return teamRetryBatch(args.batch, args, given)
  }
  const { io, emit } = jsonOutput(given, args.json)
  if (!reference) throw new UsageError('team retry needs the payout reference, or --batch B: team retry REF')
  return atTeamDesk(args, async (desk) => {
    const ids = await teamPayoutIdsOf(desk.pool, reference, args.profile ?? null)
    if (ids.length > 1)
      throw new UsageError(`reference ${reference} is in more than one team profile; add --profile NAME`)
    const payout = ids[0] && (await desk.store.payout(ids[0]))
    if (!payout) throw new AppError('NOT_FOUND', { key: 'referenceNotFound', params: { reference } })
    const profile = await desk.store.profile(payout.profileId)
    const kind = profile?.environment === 'production' ? 'REAL MONEY' : 'test money'
    io.out(
      `${reference}: ${money(payout.amountMinor, payout.currency)} to ${payout.beneficiaryName} (${payout.accountNo}), team profile "${profile?.name ?? ''}" (${kind}).\n`,
    )
    if (!(await confirm(io, args.yes, 'Pay it again as a new payout?'))) {
      io.out('Nothing was paid again.\n')
      emit({ reference: null, retryOf: reference, status: null })
      return 0
    }
    const again = await retryForTeam(desk, payout.id)
    const words = statusWords(again.status)
    io.out(
      again.status === 'awaiting_approval'
        ? `Written as ${again.reference}; over a limit, it waits for an owner's approval (payout-desk approve ${again.reference}).\n`
        : `Paid again as ${again.reference}: ${words}.\n`,
    )
    emit({ reference: again.reference, retryOf: reference, status: words })
    return again.status === 'queued' ? 1 : 0
  })
}
