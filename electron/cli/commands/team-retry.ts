import { STATUS_WORDS } from '../../../shared/domain/payout-status.ts'
import { retryForTeam } from '../../actions/team-retry.ts'
import { AppError } from '../../errors.ts'
import { teamPayoutIdsOf } from '../../team/team-retries.ts'
import { UsageError, money, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { confirm } from './retry.ts'
import { atTeamDesk } from './team-send.ts'
import type { TeamArgs } from './team.ts'

export interface TeamRetryArgs extends TeamArgs {
  profile?: string
  yes?: boolean
}

/**
 * `payout-desk team retry REF`: pays again, as a new linked payout, a team payout the gateway says did not
 * go through, after naming it. Only from a desk holding the profile's secret: the gateway is asked first.
 */
export async function teamRetryCommand(
  reference: string | undefined,
  args: TeamRetryArgs,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (!reference) throw new UsageError('team retry needs the payout reference: team retry REF')
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
    const words = (STATUS_WORDS as Record<string, string | undefined>)[again.status] ?? again.status
    io.out(
      again.status === 'awaiting_approval'
        ? `Written as ${again.reference}; over a limit, it waits for an owner's approval (payout-desk approve ${again.reference}).\n`
        : `Paid again as ${again.reference}: ${words}.\n`,
    )
    emit({ reference: again.reference, retryOf: reference, status: words })
    return again.status === 'queued' ? 1 : 0
  })
}
