import { decideForTeam, teamAttention } from '../../actions/team-decide.ts'
import { AppError } from '../../errors.ts'
import { UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import {
  attentionJson,
  decisionArgs,
  presentAttention,
  resolveItem,
  type AttentionArgs,
} from './attention.ts'
import { atTeamDesk } from './team-send.ts'
import type { TeamArgs } from './team.ts'

type TeamAttentionArgs = TeamArgs & AttentionArgs

/** `payout-desk team attention`: the team's payouts that wait for a person, as `attention` lists a desk's. */
export async function teamAttentionCommand(args: TeamAttentionArgs, io: CliIo): Promise<number> {
  return atTeamDesk(args, async (desk) => {
    const items = (await teamAttention(desk)).filter((i) => !args.profile || i.profileName === args.profile)
    if (args.json) io.out(attentionJson(items))
    else presentAttention(io, items, 'team resolve')
    return 0
  })
}

/**
 * `payout-desk team resolve REF --action A --version N --note TEXT`: a person's decision about a team
 * payout, with the same choices and confirmations as `resolve`, written as that person.
 */
export async function teamResolveCommand(
  reference: string | undefined,
  args: TeamAttentionArgs,
  given: CliIo,
): Promise<number> {
  const out = jsonOutput(given, args.json)
  const chosen = decisionArgs(reference, args)
  return atTeamDesk(args, async (desk) => {
    const matches = (await teamAttention(desk)).filter(
      (i) => i.reference === reference && (!args.profile || i.profileName === args.profile),
    )
    if (matches.length > 1)
      throw new UsageError(`reference ${reference} waits in more than one profile; add --profile NAME`)
    const item = matches[0]
    if (!item)
      throw new AppError('INVALID_INPUT', {
        key: 'noDecisionNeededRef',
        params: { reference: reference ?? '' },
      })
    return resolveItem(out, item, chosen, args, (decision) => decideForTeam(desk, decision))
  })
}
