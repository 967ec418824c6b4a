import { parseAmount, type CurrencyCode } from '../../../shared/money.ts'
import {
  addTeamProfile,
  editTeamProfile,
  listTeamProfileRecords,
  setTeamLimits,
  type TeamLimitsChange,
} from '../../actions/team-profiles.ts'
import { AppError } from '../../errors.ts'
import { teamProfileRecord, type TeamProfileRecord } from '../../team/team-profile-writes.ts'
import { money, UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { table } from '../table.ts'
import { describe, givenSecret, profileInput, type ProfileArgs } from './profile.ts'
import type { TeamArgs } from './team.ts'
import { atTeamDesk } from './team-send.ts'

/**
 * `payout-desk team profile add|edit|list` and `team limits`: the team's profiles, as an owner sets them
 * up at her desk. The options are `profile add`'s; the rules are the action's (actions/team-profiles.ts).
 */
type Args = TeamArgs & ProfileArgs

const named = async (db: Parameters<typeof teamProfileRecord>[0], name: string | undefined) => {
  const found = name ? await teamProfileRecord(db, name) : null
  if (!found) throw new AppError('NOT_FOUND', { key: 'teamProfileUnknown', params: { name: name ?? '' } })
  return found
}

const limitShown = (minor: number | null, currency: string) =>
  minor === null ? 'none' : money(minor, currency as CurrencyCode)

const limitsOf = (p: TeamProfileRecord) =>
  `per payout ${limitShown(p.perPayoutMinor, p.currency)}, per day ${limitShown(p.perDayMinor, p.currency)} (a day in ${p.timeZone})`

const limitsLine = (p: TeamProfileRecord) =>
  `Limits of "${p.name}": ${limitsOf(p)}. Over them, a payout waits for an owner's approval.`

const asJson = (p: TeamProfileRecord) => ({
  name: p.name,
  provider: p.provider,
  area: p.area,
  environment: p.environment,
  baseUrl: p.baseUrl,
  merchantId: p.merchantId,
  notifyUrl: p.notifyUrl,
  currency: p.currency,
  perPayoutMinor: p.perPayoutMinor,
  perDayMinor: p.perDayMinor,
  timeZone: p.timeZone,
  secretCheckSet: p.hasSenderCheck,
})

export async function teamProfileCommand(
  action: 'add' | 'edit' | 'list',
  positional: string[],
  args: Args,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  return atTeamDesk(args, async (desk) => {
    if (action === 'list') {
      const all = await listTeamProfileRecords(desk)
      io.out(
        table<TeamProfileRecord>(
          [
            { header: 'Profile', cell: (p) => p.name },
            { header: 'Gateway', cell: (p) => `${p.provider} ${p.area}` },
            { header: 'Money', cell: (p) => (p.environment === 'production' ? 'real' : 'test') },
            { header: 'Per payout', cell: (p) => limitShown(p.perPayoutMinor, p.currency) },
            { header: 'Per day', cell: (p) => limitShown(p.perDayMinor, p.currency) },
            { header: 'Address', cell: (p) => p.baseUrl },
          ],
          all,
        ),
      )
      emit({ profiles: all.map(asJson) })
      return 0
    }
    if (args['notify-url'] && args['no-notify-url'])
      throw new UsageError('--notify-url and --no-notify-url contradict each other; give one')
    const current = action === 'edit' ? await named(desk.pool, positional[0]) : null
    const input = profileInput(args, current)
    const secret = await givenSecret(input.provider, args, io)
    const saved = current
      ? // What it changes is what this command read: the profile as it is now.
        await editTeamProfile(desk, current.id, input, secret, current)
      : await addTeamProfile(desk, input, secret)
    io.out(`${current ? 'Changed' : 'Added'} team profile ${describe(saved)}.\n`)
    if (secret !== null)
      io.out(
        "Its secret is in this computer's keychain, never in the team ledger; the ledger keeps its check, so every desk sends with this secret or not at all.\n",
      )
    if (!current) io.out(`${limitsLine(saved)} Set them with: payout-desk team limits "${saved.name}"\n`)
    if (saved.provider === 'vexora' && !saved.notifyUrl)
      io.err(
        `Note: Vexora needs a notify URL for every payout; add one with \`payout-desk team edit-profile "${saved.name}" --notify-url URL\` before sending.\n`,
      )
    emit(asJson(saved))
    return 0
  })
}

export interface TeamLimitsArgs extends TeamArgs {
  'per-payout'?: string
  'per-day'?: string
  'time-zone'?: string
}

/** `payout-desk team limits NAME`: shows a team profile's limits, or (an owner) sets them. */
export async function teamLimitsCommand(name: string | undefined, args: TeamLimitsArgs, given: CliIo) {
  const { io, emit } = jsonOutput(given, args.json)
  return atTeamDesk(args, async (desk) => {
    const profile = await named(desk.pool, name)
    const limit = (text: string | undefined, what: string): number | null | undefined => {
      if (text === undefined) return undefined
      if (/^(none|off|-)$/i.test(text.trim())) return null
      const parsed = parseAmount(text, profile.currency as CurrencyCode)
      if (!parsed.ok)
        throw new UsageError(`--${what} takes an amount in ${profile.currency}, like 5000000, or none`)
      return parsed.minor
    }
    const change: TeamLimitsChange = {}
    const perPayout = limit(args['per-payout'], 'per-payout')
    const perDay = limit(args['per-day'], 'per-day')
    if (perPayout !== undefined) change.perPayoutMinor = perPayout
    if (perDay !== undefined) change.perDayMinor = perDay
    if (args['time-zone'] !== undefined) change.timeZone = args['time-zone']
    const after =
      Object.keys(change).length === 0
        ? profile
        : await setTeamLimits(desk, profile.id, change, {
            perPayoutMinor: profile.perPayoutMinor,
            perDayMinor: profile.perDayMinor,
            timeZone: profile.timeZone,
          })
    // What they were as this command read them: a change another owner made just before shows here
    // (review 84 F3), as the window's form is refused over limits it did not show.
    if (after !== profile) io.out(`They were: ${limitsOf(profile)}.\n`)
    io.out(`${limitsLine(after)}\n`)
    emit(asJson(after))
    return 0
  })
}
