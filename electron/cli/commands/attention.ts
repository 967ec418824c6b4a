import { PAYOUT_STATUSES, STATUS_WORDS, type PayoutStatus } from '../../../shared/domain/payout-status.ts'
import {
  ATTENTION_ACTIONS,
  IRREVERSIBLE_ACTIONS,
  type AttentionAction,
} from '../../../shared/domain/attention.ts'
import type { AttentionItem, ResolvedAttention } from '../../../shared/ipc/attention-contract.ts'
import type { Decision } from '../../payouts/decisions.ts'
import { AppError } from '../../errors.ts'
import { payoutIdsWithReference } from '../../ledger/payouts-repo.ts'
import { listAttention } from '../../payouts/attention-queue.ts'
import { decide } from '../../actions/decide.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, localTime, money, profileByName, terminalWords, type CliIo } from '../cli-context.ts'
import { jsonOutput } from '../json-output.ts'
import { shortBatch } from '../batch-names.ts'

export interface AttentionArgs {
  profile?: string
  json?: boolean
  action?: string
  note?: string
  'gateway-id'?: string
  version?: string
  yes?: boolean
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const moneyKind = (item: AttentionItem) => (item.environment === 'production' ? 'REAL MONEY' : 'test money')

const isPayoutStatus = (value: string | null): value is PayoutStatus =>
  (PAYOUT_STATUSES as readonly (string | null)[]).includes(value)

/**
 * One side of a contradiction, its meaning in the words `list` shows and `--status` takes. The gateway's
 * status stays its own code; the ledger's status is the ledger's, so it gets the same words.
 */
const sideForJson = (side: AttentionItem['gateway'], ledger: boolean) =>
  side && {
    ...side,
    meaning: side.meaning && STATUS_WORDS[side.meaning],
    ...(ledger && isPayoutStatus(side.status) ? { status: STATUS_WORDS[side.status] } : {}),
  }

const forJson = (item: AttentionItem) => ({
  reference: item.reference,
  profile: item.profileName,
  environment: item.environment,
  status: STATUS_WORDS[item.status],
  reason: item.reason,
  message: item.message,
  actions: item.actions,
  amountMinor: item.amountMinor,
  currency: item.currency,
  beneficiary: item.beneficiaryName,
  account: item.accountNo,
  attempts: item.attempts,
  lastAttemptAt: iso(item.lastAttemptAt),
  since: iso(item.since),
  gateway: sideForJson(item.gateway, false),
  ledger: sideForJson(item.ledger, true),
  version: item.version,
})

/** `payout-desk attention`: every payout a person must decide on, why, and what they can do. */
export function attentionCommand(services: Services, args: AttentionArgs, io: CliIo): number {
  const profileId = args.profile ? profileByName(services, args.profile).id : undefined
  const { items, awaitingRelease: all } = listAttention(services.ledger, profileId)
  const awaitingRelease = all.filter((g) => !profileId || g.profileId === profileId)
  if (args.json) {
    io.out(attentionJson(items))
    return 0
  }
  presentAttention(io, items, 'resolve')
  for (const g of awaitingRelease)
    io.out(
      `Waiting for release: ${g.count === 1 ? '1 payout' : `${g.count} payouts`}, ${money(g.totalMinor, g.currency)} ` +
        `(${g.profileName}, ${g.environment === 'production' ? 'REAL MONEY' : 'test money'}): ` +
        `payout-desk release ${g.batchId ? shortBatch(g.batchId) : '--all'} --passphrase-stdin\n`,
    )
  return 0
}

/** Each payout that waits for a person: why, what was tried, and the command that decides it. */
export function presentAttention(io: CliIo, items: readonly AttentionItem[], resolve: string): void {
  for (const item of items) {
    io.out(
      `${item.reference}  ${STATUS_WORDS[item.status]}  ${money(item.amountMinor, item.currency)}  ${item.beneficiaryName} ${item.accountNo}  (${item.profileName}, ${moneyKind(item)})\n` +
        `  why: ${item.message}\n` +
        `  tried: ${item.attempts === 1 ? '1 send' : `${item.attempts} sends`}${item.lastAttemptAt ? `, the last at ${localTime(item.lastAttemptAt)}` : ''}; ${item.checks === 1 ? '1 check' : `${item.checks} checks`} with no clear answer\n` +
        (item.gateway
          ? `  gateway says: ${item.gateway.status ?? '-'}${item.gateway.amountText ? `, amount ${item.gateway.amountText}` : ''}; ledger has: ${item.ledger?.status ?? item.status}, amount ${money(item.amountMinor, item.currency)}\n`
          : '') +
        `  version: ${item.version}\n` +
        `  decide: payout-desk ${resolve} ${item.reference} --action ${item.actions.join('|')} --version ${item.version} --note TEXT\n`,
    )
  }
  io.out(
    items.length === 1 ? '1 payout needs your decision\n' : `${items.length} payouts need your decision\n`,
  )
}

/** The JSON `attention --json` and `team attention --json` print. */
export const attentionJson = (items: readonly AttentionItem[]): string =>
  `${JSON.stringify(items.map(forJson))}\n`

function itemFor(services: Services, reference: string, profileName: string | undefined): AttentionItem {
  const profileId = profileName ? profileByName(services, profileName).id : undefined
  const matches = payoutIdsWithReference(services.ledger, reference, profileId ?? null)
  if (matches.length === 0)
    throw new AppError('NOT_FOUND', { key: 'referenceNotFound', params: { reference } })
  if (matches.length > 1)
    throw new UsageError(`reference ${reference} is used by more than one profile; add --profile NAME`)
  const item = listAttention(services.ledger, profileId).items.find((i) => i.id === matches[0])
  if (!item) throw new AppError('INVALID_INPUT', { key: 'noDecisionNeededRef', params: { reference } })
  return item
}

const VERBS: Record<AttentionAction, string> = {
  ask: 'Ask the gateway about',
  resend: 'Send again, under the same reference,',
  'not-sent': 'Mark as not sent (the gateway never received it)',
  paid: 'Mark as paid',
  'keep-gateway': "Keep the gateway's answer for",
  'keep-ledger': "Keep the ledger's record of",
}

/** `payout-desk resolve REF --action A`: a person's decision, with the same rules as the window. */
export async function resolveCommand(
  services: Services,
  reference: string | undefined,
  args: AttentionArgs,
  given: CliIo,
): Promise<number> {
  const { io, emit } = jsonOutput(given, args.json)
  const { action, version } = decisionArgs(reference, args)
  const item = itemFor(services, reference ?? '', args.profile)
  return resolveItem({ io, emit }, item, { action, version }, args, (decision) => decide(services, decision))
}

/** The action and version a `resolve` names, or what to type instead. */
export function decisionArgs(
  reference: string | undefined,
  args: AttentionArgs,
): { action: AttentionAction; version: number } {
  if (!reference) throw new UsageError('resolve takes the payout reference: resolve REF --action ACTION')
  const action = args.action as AttentionAction | undefined
  if (!action || !ATTENTION_ACTIONS.includes(action))
    throw new UsageError(`--action takes one of ${ATTENTION_ACTIONS.join(', ')}`)
  const version = Number(args.version)
  if (!args.version || !/^\d+$/.test(args.version) || !Number.isSafeInteger(version))
    throw new UsageError('--version takes the version `payout-desk attention` showed, like --version 3')
  return { action, version }
}

/**
 * A person's decision about one payout as the command line takes it, on either ledger: only a choice it
 * offers, an irreversible one only after yes, then what the payout is now.
 */
export async function resolveItem(
  { io, emit }: ReturnType<typeof jsonOutput>,
  item: AttentionItem,
  { action, version }: { action: AttentionAction; version: number },
  args: AttentionArgs,
  decideWith: (decision: Decision) => Promise<ResolvedAttention>,
): Promise<number> {
  const { reference } = item
  if (!item.actions.includes(action))
    throw new AppError('INVALID_INPUT', {
      key: 'actionNotOffered',
      params: { action, reference, offers: item.actions.join(', ') },
    })
  if (IRREVERSIBLE_ACTIONS.has(action) && !args.yes) {
    const what = `${VERBS[action]} ${reference}: ${money(item.amountMinor, item.currency)} to ${item.beneficiaryName}, ${item.profileName}, ${moneyKind(item)}?`
    if (!io.isTty)
      throw new AppError('INVALID_INPUT', {
        key: 'confirmWithYes',
        params: {
          action,
          reference,
          amount: money(item.amountMinor, item.currency),
          name: item.beneficiaryName,
        },
      })
    const answer = await io.ask(`${what} [y/N] `)
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.out('Nothing was changed.\n')
      emit({ reference, changed: false })
      return 1
    }
  }
  const result = await decideWith({
    payoutId: item.id,
    action,
    version,
    ...(args.note ? { note: args.note } : {}),
    ...(args['gateway-id'] ? { gatewayId: args['gateway-id'] } : {}),
  })
  io.out(
    `${reference} is now ${STATUS_WORDS[result.status]}${result.stillNeedsAttention ? ', and still needs your decision' : ''}.${result.said ? ` ${terminalWords(result.said)}` : ''}\n`,
  )
  emit({
    reference,
    changed: true,
    status: STATUS_WORDS[result.status],
    stillNeedsAttention: result.stillNeedsAttention,
    message: result.said && terminalWords(result.said),
  })
  return 0
}
