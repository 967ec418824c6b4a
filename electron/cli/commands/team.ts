import {
  addPerson,
  initTeamLedger,
  teamPeople,
  type TeamPerson,
  type TeamRole,
} from '../../team/team-admin.ts'
import { UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { table } from '../table.ts'

export interface TeamArgs {
  ledger?: string
  role?: string
  json?: boolean
}

/** `--ledger URL`, else $PAYOUT_DESK_LEDGER_URL (which keeps the password off the command line). */
export function ledgerUrl(args: TeamArgs, env: NodeJS.ProcessEnv = process.env): string {
  const url = args.ledger ?? env.PAYOUT_DESK_LEDGER_URL
  if (!url?.trim()) throw new UsageError('give the team ledger as --ledger URL or in $PAYOUT_DESK_LEDGER_URL')
  if (!/^postgres(ql)?:\/\//.test(url.trim()))
    throw new UsageError('the team ledger is a PostgreSQL URL: postgres://PERSON:PASSWORD@HOST:PORT/DATABASE')
  return url.trim()
}

/** `payout-desk team init --ledger ADMIN_URL`: creates the schema and the two groups, or updates them. */
export async function teamInitCommand(args: TeamArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const { from, to } = await initTeamLedger(ledgerUrl(args))
  io.out(
    from === to
      ? `The team ledger is up to date (version ${to}); nothing was changed.\n`
      : from === 0
        ? `The team ledger is set up (version ${to}). Add people with: payout-desk team add-person NAME --role owner|bookkeeper\n`
        : `The team ledger was updated from version ${from} to ${to}.\n`,
  )
  emit({ from, to })
  return 0
}

/** `payout-desk team add-person NAME --role owner|bookkeeper --ledger ADMIN_URL`; the password from stdin. */
export async function teamAddPersonCommand(
  name: string | undefined,
  args: TeamArgs,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (!name) throw new UsageError('team add-person needs NAME')
  const password = (await io.stdin()).toString('utf8').split(/\r?\n/)[0] ?? ''
  if (!password) throw new UsageError("standard input holds no password (the person's first line)")
  const role = args.role as TeamRole
  await addPerson(ledgerUrl(args), { name, role, password })
  io.out(
    `${name} can now connect as ${role === 'owner' ? 'an owner (approves, sets profiles and limits)' : 'a bookkeeper (prepares and sends what needs no approval)'}.\n`,
  )
  emit({ name, role })
  return 0
}

/** `payout-desk team people --ledger URL`: who is in the team, and as what. */
export async function teamPeopleCommand(args: TeamArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const people = await teamPeople(ledgerUrl(args))
  io.out(
    people.length === 0
      ? 'Nobody is in the team yet.\n'
      : table(
          [
            { header: 'Person', cell: (p: TeamPerson) => p.name },
            { header: 'Role', cell: (p: TeamPerson) => p.role },
            { header: 'Can log in', cell: (p: TeamPerson) => (p.canLogIn ? 'yes' : 'no') },
          ],
          people,
        ),
  )
  emit(people)
  return 0
}
