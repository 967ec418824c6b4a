import { noteKinds, notedToName } from '../../../shared/domain/approval-notes.ts'
import type { TeamApprovalNote } from '../../../shared/ipc/team-contract.ts'
import { waitingWithNotes } from '../../actions/team-approval-notes.ts'
import { approvalToShow, approveShownForTeam } from '../../actions/team-approve.ts'
import { refusalToShow, refuseShownForTeam } from '../../actions/team-refuse.ts'
import type { WaitingPayout, WaitingShown } from '../../team/team-approvals.ts'
import { count, localTime, money, terminalWords, UsageError, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { table } from '../table.ts'
import { ledgerUrl, type TeamArgs } from './team.ts'

const moneyKind = (p: WaitingShown) => (p.environment === 'production' ? 'real money' : 'test money')

/** "3 payouts, IDR 5,000,000 (real money), prepared by budi": one line per currency and kind of money. */
function summary(payouts: readonly WaitingShown[]): string[] {
  const groups = new Map<string, WaitingShown[]>()
  for (const p of payouts) {
    const key = `${p.currency} ${p.environment}`
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as WaitingShown
    const total = g.reduce((sum, p) => sum + p.amountMinor, 0)
    const by = [...new Set(g.map((p) => p.preparedBy))].join(', ')
    const profiles = [...new Set(g.map((p) => p.profile))].join(', ')
    return `${count(g.length, 'payout')}, ${money(total, first.currency)} (${moneyKind(first)}) from ${profiles}, prepared by ${by}`
  })
}

/** What the book says of a waiting payout that its owner should look at, in a few words. */
function noteWords(p: WaitingPayout, n: TeamApprovalNote): string {
  const mark = (accepted: boolean) =>
    accepted ? `marked accepted by ${p.preparedBy} when written` : 'not marked accepted when written'
  switch (n.kind) {
    case 'new_account':
      return `a new account for ${p.beneficiaryName}, paid at ${n.was.bank} ${n.was.accountNo} before (${mark(n.accepted)})`
    case 'other_name':
      return `this account was paid as ${n.name} before`
    case 'two_accounts':
      return `${p.beneficiaryName} also waits to be paid at ${n.also.bank} ${n.also.accountNo}`
    case 'new_payee':
      return n.paidBefore === 0
        ? 'a new payee: never paid before'
        : `seen by no owner yet: paid ${count(n.paidBefore, 'time')} before, never approved`
    case 'paid_recently':
      return `a payout of the same account and amount was written ${localTime(Date.parse(n.at))} (${mark(n.accepted)})`
    case 'twice_waiting':
      return `pays the same account the same amount as ${n.reference}, also waiting (${mark(n.accepted)})`
    case 'not_sendable':
      return `it would not be sent: ${terminalWords(n.problem)}`
    case 'unchecked':
      return n.why === 'moved'
        ? 'not checked here: its profile names another merchant account now'
        : "not checked here: this desk does not know its gateway's rules (update Payout Desk)"
    case 'decided_not_paid':
      return n.action === 'keep-ledger'
        ? `pays again ${n.reference}, which the gateway said was paid: ${n.person} kept the ledger's "failed"`
        : `pays again ${n.reference}, which ${n.person} said was never sent (the gateway never said)`
  }
}

const notesOf = (p: WaitingPayout) => p.notes.map((n) => noteWords(p, n)).join('; ')

/** Each kind of note, counted before an approval names the payouts. */
export const KIND_WORDS: Record<TeamApprovalNote['kind'], string> = {
  not_sendable: 'would not be sent',
  new_account: 'to a new account',
  other_name: 'to an account known under another name',
  two_accounts: 'to a payee also waiting at another account',
  new_payee: 'to a payee no owner has seen',
  twice_waiting: 'also waiting',
  paid_recently: 'written again within 20 days',
  unchecked: 'not checked here',
  decided_not_paid: 'paying again what a person settled as not paid',
}

/**
 * At least this many payouts are named before an approval (and every one to a new account, another name,
 * or that would not be sent); `team waiting` lists them all.
 */
const NOTES_SHOWN = 20

/** `payout-desk team waiting --ledger URL`: what waits for an owner's approval. */
export async function teamWaitingCommand(args: TeamArgs, given: CliIo): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const { payouts } = await waitingWithNotes(ledgerUrl(args))
  io.out(
    payouts.length === 0
      ? 'Nothing waits for approval.\n'
      : table(
          [
            { header: 'Reference', cell: (p: WaitingPayout) => p.reference },
            { header: 'Profile', cell: (p: WaitingPayout) => p.profile },
            { header: 'Paid to', cell: (p: WaitingPayout) => p.beneficiaryName },
            { header: 'Bank', cell: (p: WaitingPayout) => p.bank },
            { header: 'Account', cell: (p: WaitingPayout) => p.accountNo },
            { header: 'Amount', cell: (p: WaitingPayout) => money(p.amountMinor, p.currency) },
            { header: 'Money', cell: moneyKind },
            { header: 'Prepared by', cell: (p: WaitingPayout) => p.preparedBy },
            { header: 'Written', cell: (p: WaitingPayout) => localTime(Date.parse(p.createdAt)) },
            { header: 'Look at', cell: notesOf },
          ],
          payouts,
        ) +
          summary(payouts)
            .map((line) => `In all: ${line}.\n`)
            .join(''),
  )
  emit(payouts)
  return 0
}

export interface ApproveArgs extends TeamArgs {
  all?: boolean
  yes?: boolean
  profile?: string
}

/**
 * `payout-desk team approve BATCH|REF… | --all --ledger URL`: says exactly what it approves (count, total, test
 * or real money, who prepared it), asks, then approves that and nothing else. `--all` leaves what this
 * login prepared (nobody approves their own) and says so.
 */
export async function teamApproveCommand(
  references: readonly string[],
  args: ApproveArgs,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (args.all === references.length > 0)
    throw new UsageError('name the batches or references to approve, or --all')
  const url = ledgerUrl(args)
  const { shown, leftAsOwn } = await approvalToShow(url, args.all ? 'all' : references, args.profile)
  if (leftAsOwn > 0) io.out(`Left for another owner: ${count(leftAsOwn, 'payout')} you prepared yourself.\n`)
  if (shown.length === 0) {
    io.out('Nothing to approve.\n')
    emit({ approved: 0, left: leftAsOwn })
    return 0
  }
  for (const line of summary(shown)) io.out(`To approve: ${line}.\n`)
  const noted = shown.filter((p) => p.notes.length > 0)
  if (noted.length > 0) {
    const kinds = noteKinds(noted).map(([kind, n]) => `${n} ${KIND_WORDS[kind]}`)
    io.out(`Look first at ${count(noted.length, 'payout')} (${kinds.join(', ')}):\n`)
    const named = notedToName(shown, NOTES_SHOWN)
    for (const p of named) io.out(`  ${p.reference}: ${notesOf(p)}.\n`)
    if (noted.length > named.length)
      io.out(`  and ${noted.length - named.length} more: payout-desk team waiting lists them all.\n`)
  }
  if (args.yes !== true) {
    if (!io.isTty) throw new UsageError('add --yes to approve without a prompt')
    if ((await io.ask('Approve them? Type yes to approve: ')).trim().toLowerCase() !== 'yes') {
      io.out('Nothing was approved.\n')
      emit({ approved: 0, left: leftAsOwn })
      return 1
    }
  }
  const approved = await approveShownForTeam(url, shown)
  io.out(
    `Approved ${count(approved, 'payout')}: they are queued for the desk that sends for their profile.\n`,
  )
  emit({ approved, left: leftAsOwn })
  return 0
}

/**
 * `payout-desk approve`: approvals are the team ledger's. On a desk's own ledger, what a limit holds is
 * released with the owner's passphrase instead, and the command says so rather than asking for a URL.
 */
export function approveCommand(
  references: readonly string[],
  args: ApproveArgs,
  given: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (!args.ledger && !env.PAYOUT_DESK_LEDGER_URL?.trim())
    throw new UsageError(
      "approvals are the team ledger's (give it as --ledger URL or in $PAYOUT_DESK_LEDGER_URL); on this desk's own ledger, held payouts are released with the owner's passphrase: payout-desk release",
    )
  return teamApproveCommand(references, args, given)
}

/**
 * `payout-desk team refuse BATCH|REF… --ledger URL`: an owner says exactly what she refuses (count, total,
 * test or real money, who prepared it, each payout), asks, then refuses that and nothing else: it is
 * cancelled and never paid.
 */
export async function teamRefuseCommand(
  references: readonly string[],
  args: Omit<ApproveArgs, 'all'>,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  if (references.length === 0) throw new UsageError('name the batches or references to refuse')
  const url = ledgerUrl(args)
  const shown = await refusalToShow(url, references, args.profile)
  for (const line of summary(shown)) io.out(`To refuse: ${line}.\n`)
  for (const p of shown.slice(0, NOTES_SHOWN))
    io.out(
      `  ${p.reference}: ${p.beneficiaryName}, ${p.bank} ${p.accountNo}, ${money(p.amountMinor, p.currency)}\n`,
    )
  if (shown.length > NOTES_SHOWN)
    io.out(`  and ${shown.length - NOTES_SHOWN} more: payout-desk team waiting lists them all.\n`)
  if (args.yes !== true) {
    if (!io.isTty) throw new UsageError('add --yes to refuse without a prompt')
    if (
      (await io.ask('Refuse them? They will not be paid. Type yes to refuse: ')).trim().toLowerCase() !==
      'yes'
    ) {
      io.out('Nothing was refused.\n')
      emit({ refused: 0 })
      return 1
    }
  }
  const refused = await refuseShownForTeam(url, shown)
  io.out(
    `Refused ${count(refused, 'payout')}: they will not be paid. To pay one after all, write it again.\n`,
  )
  emit({ refused })
  return 0
}
