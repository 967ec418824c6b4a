import { ledgerToMove, moveLedgerIntoTeam } from '../../actions/team-import-ledger.ts'
import type { Services } from '../../services/create-services.ts'
import { count, UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { ledgerUrl, type TeamArgs } from './team.ts'

/**
 * `payout-desk team import-ledger --ledger ADMIN_URL`: moves this desk's own ledger into the team ledger,
 * history and all, after saying what it carries; run by the team ledger's administrator, once.
 */
export async function teamImportLedgerCommand(
  services: Services,
  args: TeamArgs & { yes?: boolean },
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const url = ledgerUrl(args)
  const what = ledgerToMove(services)
  io.out(
    `To move into the team ledger: ${count(what.profiles.length, 'profile')} (${what.profiles.map((p) => `"${p.name}"`).join(', ')}), ` +
      `${count(what.payouts, 'payout')} and ${count(what.events, 'event')} of their history. This desk's own ledger stays as it is.\n`,
  )
  if (!args.yes) {
    if (!io.isTty) throw new UsageError('add --yes to move without a prompt')
    if ((await io.ask('Move them? Type yes to move: ')).trim().toLowerCase() !== 'yes') {
      io.out('Nothing was moved.\n')
      emit({ moved: false })
      return 1
    }
  }
  const moved = await moveLedgerIntoTeam(services, url, (kind, done) => {
    if (io.isTty && !args.json) io.err(`\rMoving ${kind}: ${done}…`)
  })
  if (io.isTty && !args.json) io.err('\n')
  io.out(
    `Moved ${count(moved.profiles, 'profile')}, ${count(moved.payouts, 'payout')} and ${count(moved.events, 'event')} into the team ledger. ` +
      'From now on, prepare and send them there (payout-desk team import, team send).\n',
  )
  for (const name of moved.withoutCheck)
    io.out(
      `This desk holds no secret of "${name}": nobody can send for it on the team ledger until an owner runs payout-desk team secret "${name}".\n`,
    )
  emit({ moved: true, ...moved })
  return 0
}
