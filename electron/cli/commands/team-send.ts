import { keepTeamSecret, refreshForTeam, sendForTeam, teamSendingPlan } from '../../actions/team-send.ts'
import { createKeychainSecretStore, keychainService } from '../../secrets/secret-store.ts'
import { atTeamDesk as atDesk, type TeamDesk } from '../../services/team-desk.ts'
import type { TeamProfile } from '../../team/team-profiles.ts'
import { count, localTime, UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { table } from '../table.ts'
import { ledgerUrl, type TeamArgs } from './team.ts'

const moneyKind = (p: TeamProfile) => (p.environment === 'production' ? 'real money' : 'test money')

/** Work at this desk's connection to the team ledger, closed after. */
export const atTeamDesk = <T>(args: TeamArgs, work: (desk: TeamDesk) => Promise<T>): Promise<T> =>
  atDesk({ url: ledgerUrl(args), secrets: createKeychainSecretStore(keychainService()) }, work)

export interface TeamSendArgs extends TeamArgs {
  'dry-run'?: boolean
}

/**
 * `payout-desk team send`: this desk sends what is ready on the team ledger for the profiles whose secret
 * its keychain holds, after asking about what is in doubt; and says which profiles it leaves to a desk
 * that holds theirs. With --dry-run, only says so.
 */
export async function teamSendCommand(args: TeamSendArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  return atTeamDesk(args, async (desk) => {
    if (args['dry-run']) {
      const profiles = await teamSendingPlan(desk)
      io.out(
        profiles.length === 0
          ? 'The team ledger has no profiles yet.\n'
          : table(
              [
                { header: 'Profile', cell: (p: TeamProfile) => p.name },
                { header: 'Money', cell: moneyKind },
                { header: 'Ready to send', cell: (p: TeamProfile) => String(p.queued) },
                { header: 'Open', cell: (p: TeamProfile) => String(p.open) },
                {
                  header: 'Secret on this desk',
                  cell: (p: TeamProfile & { secretHere: boolean }) => (p.secretHere ? 'yes' : 'no'),
                },
              ],
              profiles,
            ),
      )
      emit(profiles)
      return 0
    }
    // Ctrl-C stops it as quitting the window does; a second Ctrl-C ends the process at once, and what it
    // left on its way is asked about by the next send, never sent twice.
    const stop = new AbortController()
    const onSigint = () => {
      io.err('\nStopping: no new payouts will be sent; waiting for the answers of the ones on their way…\n')
      stop.abort()
    }
    process.once('SIGINT', onSigint)
    const result = await sendForTeam(desk, {
      signal: stop.signal,
      onProgress: (done, total) => {
        if (io.isTty && !args.json) io.err(`\rSending ${done} of ${total}…`)
      },
    }).finally(() => process.removeListener('SIGINT', onSigint))
    if (io.isTty && !args.json) io.err('\n')
    const statuses = Object.entries(result.byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ')
    io.out(
      result.sentFor.length === 0
        ? 'This desk holds no secret of the team profiles, so it sent nothing.\n'
        : statuses
          ? `Sent or asked about from this desk: ${statuses}.\n`
          : 'Nothing was ready to send.\n',
    )
    if (result.inDoubt > 0)
      io.out(
        result.stopped
          ? // Stopped maybe before the gateway was asked about each (review 62).
            `${count(result.inDoubt, 'payout')} in doubt: the next payout-desk team send asks the gateway about ${result.inDoubt === 1 ? 'it' : 'them'} first; none is sent again until the gateway or a person settles it.\n`
          : `${count(result.inDoubt, 'payout')} still in doubt after asking the gateway: none is sent again until the gateway or a person settles it.\n`,
      )
    for (const h of result.heldElsewhere)
      io.out(
        `"${h.profile}": ${h.thisComputer ? 'another window or command on this computer' : `${h.person}'s desk on ${h.computer}`} is busy with its payouts until ${localTime(h.until)}, so ${count(h.waiting, 'payout')} ${h.waiting === 1 ? 'was' : 'were'} not sent from here. Run payout-desk team send again after that: what that desk left mid-send is asked about at the gateway first, never sent twice.\n`,
      )
    for (const p of result.leftFor)
      io.out(
        `Left for a desk with the secret of "${p.name}" (${count(p.queued, 'payout')} ready). Add it here with: payout-desk team secret "${p.name}"\n`,
      )
    if (result.stopped)
      io.err(
        `Stopped. ${count(result.byStatus.queued ?? 0, 'payout')} not sent ${(result.byStatus.queued ?? 0) === 1 ? 'stays' : 'stay'} ready; run payout-desk team send again to send ${(result.byStatus.queued ?? 0) === 1 ? 'it' : 'them'}.\n`,
      )
    emit({
      stopped: result.stopped,
      byStatus: result.byStatus,
      inDoubt: result.inDoubt,
      sentFor: result.sentFor.map((p) => p.name),
      leftFor: result.leftFor.map((p) => p.name),
      heldElsewhere: result.heldElsewhere,
    })
    return result.inDoubt > 0 || result.stopped ? 1 : 0
  })
}

/**
 * `payout-desk team secret PROFILE`: puts the profile's gateway secret (stdin's first line) in this desk's
 * keychain, never in the team ledger: this desk can then send for it.
 */
export async function teamSecretCommand(
  name: string | undefined,
  args: TeamArgs & { replace?: boolean },
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (!name) throw new UsageError('team secret needs the PROFILE name')
  const typed = (await io.stdin()).toString('utf8')
  // A BluePay private key is a PEM block of many lines, kept whole; a Vexora secret is the first line.
  const secret = typed.includes('-----BEGIN') ? typed : (typed.split(/\r?\n/)[0] ?? '')
  if (!secret.trim()) throw new UsageError("standard input holds no secret (the profile's first line)")
  return atTeamDesk(args, async (desk) => {
    const { profile, check } = await keepTeamSecret(desk, name, secret, { replace: args.replace === true })
    io.out(
      `The secret of "${profile.name}" is in this computer's keychain; it never goes to the team ledger.\n`,
    )
    io.out(
      check === 'owner-must-set'
        ? `No desk can send for "${profile.name}" until an owner runs payout-desk team secret "${profile.name}" at hers: the team ledger then knows the secret's check (never the secret).\n`
        : check === 'replaced'
          ? `This is now the team's secret for "${profile.name}": desks holding the old one can no longer send for it until they keep this one.\n`
          : 'This desk can now send for it.\n',
    )
    emit({ profile: profile.name, stored: true, check })
    return 0
  })
}

/**
 * `payout-desk team refresh`: asks the gateways what became of the team's payouts on their way, for the
 * profiles whose secret this desk holds. Nothing is sent.
 */
export async function teamRefreshCommand(args: TeamArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  return atTeamDesk(args, async (desk) => {
    const { byStatus, asked, unanswered } = await refreshForTeam(desk)
    const statuses = Object.entries(byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ')
    io.out(
      asked === 0
        ? 'No payout of the profiles this desk holds the secret of is on its way.\n'
        : `Asked about ${count(asked, 'payout')}: ${statuses}.${unanswered > 0 ? ` ${count(unanswered, 'payout')} got no clear answer and ${unanswered === 1 ? 'is' : 'are'} asked again later.` : ''}\n`,
    )
    emit({ asked, unanswered, byStatus })
    return 0
  })
}
