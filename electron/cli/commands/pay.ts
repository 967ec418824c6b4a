import { STATUS_WORDS, type PayoutStatus } from '../../../shared/domain/payout-status.ts'
import { parseAmount } from '../../../shared/money.ts'
import { BLUEPAY_FIELDS } from '../../../shared/providers/bluepay-fields.ts'
import { VEXORA_AREAS } from '../../../shared/providers/vexora-areas.ts'
import { makePayout, payAgain, payableAgain, type MadePayout } from '../../actions/make-payout.ts'
import { AppError } from '../../errors.ts'
import { resolveProfile } from '../../payouts/draft-payout.ts'
import { changeLine, matchRecipient, type AcceptedChange } from '../../recipients/payee-rule.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, money, profileByName, terminalWords, type CliIo } from '../cli-context.ts'
import type { Args } from '../command-spec.ts'
import { payoutByReference } from './ledger.ts'

/** Every gateway field any profile can take, with the gateways that take it, for `pay`'s options. */
export const GATEWAY_FIELDS: ReadonlyMap<string, string> = (() => {
  const where = new Map<string, string[]>()
  const add = (key: string, gateway: string) => where.set(key, [...(where.get(key) ?? []), gateway])
  for (const [area, def] of Object.entries(VEXORA_AREAS))
    for (const f of def.fields) add(f.key, `Vexora ${area}`)
  for (const f of BLUEPAY_FIELDS) add(f.key, 'BluePay TH')
  return new Map([...where].map(([key, gateways]) => [key, gateways.join(', ')]))
})()

async function confirmed(io: CliIo, yes: unknown, question: string): Promise<boolean> {
  if (yes === true) return true
  if (!io.isTty) throw new UsageError('add --yes to pay without a prompt')
  return (await io.ask(`${question} Type yes to pay: `)).trim().toLowerCase() === 'yes'
}

/**
 * The account change the person accepts with --accept-account-change: the old account printed here is
 * the one the acceptance names, so a directory that moves meanwhile refuses. Without the flag the action
 * refuses a change, naming both accounts.
 */
function acceptedChange(
  services: Services,
  profileId: string,
  fields: Record<string, string>,
  accept: unknown,
  io: CliIo,
): AcceptedChange | undefined {
  if (accept !== true) return undefined
  const { shape } = resolveProfile(services.ledger, profileId)
  const match = matchRecipient(services.ledger, profileId, shape, fields)
  if (match.kind !== 'changed') return undefined
  io.err(`Account change: ${changeLine(match)} (accepted: --accept-account-change)\n`)
  return { old: match.oldAccount }
}

/** What the person adds to this command to accept what the action refused, by the refusal's key. */
const ACCEPT_WITH: Partial<Record<string, string>> = {
  sentRecently: 'Add --accept-duplicates if you mean to pay it again.',
  accountChanged: 'Once you have checked it, add --accept-account-change.',
  accountMoved: 'Look at `payout-desk recipients list`, then run the command again.',
}

/**
 * Makes the payout; a repeat not accepted, or a gateway that could not be reached, is said in the
 * terminal's words with what to do about it here (exit 1).
 */
async function made(work: () => Promise<MadePayout>, io: CliIo): Promise<MadePayout | null> {
  try {
    const payout = await work()
    await payout.sent.catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === 'UNREACHABLE')) throw error
      io.err(
        `payout-desk: ${terminalWords(error.text)}\n${payout.reference} stays queued: the next command that sends (this one again, or \`payout-desk resume\`) sends it; \`payout-desk cancel --id ${payout.reference}\` drops it.\n`,
      )
      throw new Handled()
    })
    return payout
  } catch (error) {
    if (error instanceof Handled) return null
    const hint = error instanceof AppError ? ACCEPT_WITH[error.text.key] : undefined
    if (error instanceof AppError && hint) {
      io.err(`payout-desk: ${terminalWords(error.text)}\n${hint}\n`)
      return null
    }
    throw error
  }
}

/** Already told to the person; the command exits 1. */
class Handled extends Error {}

async function report(made: MadePayout, json: unknown, io: CliIo): Promise<number> {
  const status: PayoutStatus = await made.sent
  if (json === true)
    io.out(
      `${JSON.stringify({ reference: made.reference, status: STATUS_WORDS[status], existing: made.existing })}\n`,
    )
  else
    io.out(
      `${made.existing ? `${made.reference} was made before with these details; nothing new was written` : `Sent ${made.reference}`}: ${STATUS_WORDS[status]}.\n`,
    )
  return status === 'queued' ? 1 : 0
}

/** `payout-desk pay`: one payout, with the gateway's own field names as options. */
export async function payCommand(services: Services, args: Args, io: CliIo): Promise<number> {
  const profile = profileByName(services, args.profile as string | undefined)
  const { shape } = resolveProfile(services.ledger, profile.id)
  const own = new Set(shape.fields.map((f) => f.key))
  const foreign = [...GATEWAY_FIELDS.keys()].filter((k) => args[k] !== undefined && !own.has(k))
  if (foreign.length > 0)
    throw new UsageError(
      `${foreign.map((k) => `--${k}`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not a field of this profile's gateway; its fields are ${shape.fields.map((f) => `--${f.key}`).join(', ')}`,
    )
  const fields: Record<string, string> = {}
  for (const key of own) if (typeof args[key] === 'string') fields[key] = args[key]
  const amount = args.amount as string
  const parsed = parseAmount(amount, shape.currency)
  const reference = args.reference as string | undefined
  const change = acceptedChange(services, profile.id, fields, args['accept-account-change'], io)
  const name = fields[shape.nameFields.find((k) => fields[k]) ?? ''] ?? ''
  io.out(
    `Pay ${parsed.ok ? money(parsed.minor, shape.currency) : amount} to ${name} (${fields[shape.accountField] ?? ''}) through "${profile.name}" (${profile.environment === 'production' ? 'REAL MONEY' : 'test money'})${reference ? ` as ${reference}` : ''}.\n`,
  )
  if (!(await confirmed(io, args.yes, 'Send it?'))) {
    io.out('Nothing was sent.\n')
    return 0
  }
  const payout = await made(
    () =>
      makePayout(services, {
        profileId: profile.id,
        amount,
        fields,
        // The same reference again is the same payout; with other details it is refused.
        ...(reference ? { reference, idempotencyKey: `reference:${profile.id}:${reference}` } : {}),
        ...(change ? { acceptedChange: change } : {}),
        ...(args['accept-duplicates'] === true ? { acceptRepeat: true } : {}),
      }),
    io,
  )
  return payout ? report(payout, args.json, io) : 1
}

/** `payout-desk pay-again REF`: a paid payout's person, account and amount, as a new payout. */
export async function payAgainCommand(
  services: Services,
  reference: string,
  args: Args,
  io: CliIo,
): Promise<number> {
  const row = payoutByReference(services, reference, args.profile as string | undefined)
  // Refused (a payout not paid) before the person is asked anything.
  const original = payableAgain(services, row.id)
  const change = acceptedChange(
    services,
    original.profileId,
    original.fields,
    args['accept-account-change'],
    io,
  )
  io.out(
    `Pay again ${money(row.amountMinor, row.currency)} to ${row.beneficiaryName} (${row.accountNo}), as ${reference} was paid, through "${row.profileName}" (${row.environment === 'production' ? 'REAL MONEY' : 'test money'}).\n`,
  )
  if (!(await confirmed(io, args.yes, 'Pay it again as a new payout?'))) {
    io.out('Nothing was sent.\n')
    return 0
  }
  const payout = await made(
    () =>
      payAgain(services, row.id, {
        ...(change ? { acceptedChange: change } : {}),
        ...(args['accept-duplicates'] === true ? { acceptRepeat: true } : {}),
      }),
    io,
  )
  return payout ? report(payout, args.json, io) : 1
}
