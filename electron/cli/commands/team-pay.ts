import { reviewTeamPayout, writeTeamPayout } from '../../actions/team-pay.ts'
import { ACCOUNT_WARNINGS } from '../../import/commit-import.ts'
import { money, UsageError, type CliIo } from '../cli-context.ts'
import { issueWords } from '../issue-words.ts'
import { jsonOutput } from '../json-output.ts'
import { GATEWAY_FIELDS } from './pay.ts'
import { atTeamDesk } from './team-send.ts'
import type { TeamArgs } from './team.ts'

export type TeamPayArgs = TeamArgs & {
  profile?: string
  amount?: string
  reference?: string
  yes?: boolean
  'accept-duplicates'?: boolean
  'accept-account-change'?: boolean
} & Record<string, unknown>

/**
 * `payout-desk team pay`: one payout written to the team ledger, checked as `pay` checks it on a desk's
 * own; nothing is sent here (a desk holding the profile's secret sends it, or an owner approves it first).
 */
export async function teamPayCommand(args: TeamPayArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (!args.profile) throw new UsageError('--profile NAME is required')
  if (args.amount === undefined) throw new UsageError('--amount A is required')
  const fields = Object.fromEntries(
    [...GATEWAY_FIELDS.keys()].flatMap((k) => (typeof args[k] === 'string' ? [[k, args[k]]] : [])),
  )
  const request = {
    profile: args.profile,
    amount: args.amount,
    fields,
    ...(args.reference !== undefined ? { reference: args.reference } : {}),
  }
  return atTeamDesk(args, async (desk) => {
    const reviewed = await reviewTeamPayout(desk.pool, request)
    const { row, existing, review } = reviewed
    if (existing) {
      io.out(
        `${existing.reference} was written before for exactly this payout (${existing.status}): nothing new was written.\n`,
      )
      emit({ reference: existing.reference, status: existing.status, existing: true })
      return 0
    }
    for (const e of row.errors) io.err(`${issueWords(e)}\n`)
    if (row.errors.length > 0) {
      io.err('Nothing was written: correct the above.\n')
      emit({ written: false, errors: row.errors.map((e) => e.code) })
      return 1
    }
    const accepted = {
      duplicates: args['accept-duplicates'] === true,
      accountChange: args['accept-account-change'] === true,
    }
    const lacking: string[] = []
    for (const w of row.warnings) {
      const flag = ACCOUNT_WARNINGS.has(w.code) ? 'accept-account-change' : 'accept-duplicates'
      const given = ACCOUNT_WARNINGS.has(w.code) ? accepted.accountChange : accepted.duplicates
      io.err(`${issueWords(w)}${given ? ` (accepted: --${flag})` : ''}\n`)
      if (!given) lacking.push(`--${flag}`)
    }
    if (lacking.length > 0) {
      io.err(
        `Nothing was written: add ${[...new Set(lacking)].join(' and ')} once you have checked the above.\n`,
      )
      emit({ written: false, warnings: row.warnings.map((w) => w.code) })
      return 1
    }
    const amount = money(row.amountMinor ?? 0, review.staged.currency)
    const kind =
      review.profile.environment === 'production' ? 'PRODUCTION, real money' : 'sandbox, test money'
    if (!args.yes) {
      if (!io.isTty) throw new UsageError('add --yes to write without a prompt')
      const answer = await io.ask(
        `Write ${amount} from "${review.profile.name}" (${kind}) to the team ledger? Type yes to write: `,
      )
      if (answer.trim().toLowerCase() !== 'yes') {
        io.out('Nothing was written.\n')
        emit({ written: false })
        return 0
      }
    }
    const paid = await writeTeamPayout(desk.pool, reviewed, accepted)
    io.out(
      paid.status === 'awaiting_approval'
        ? `${paid.reference} written, ${amount}: over a limit of "${review.profile.name}", it waits for an owner's approval (payout-desk approve ${paid.reference}).\n`
        : `${paid.reference} written, ${amount}: ready for a desk holding the secret of "${review.profile.name}" (payout-desk team send).\n`,
    )
    emit({ reference: paid.reference, status: paid.status, existing: false })
    return 0
  })
}
