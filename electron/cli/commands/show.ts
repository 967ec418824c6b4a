import { wordStored } from '../../../shared/messages/stored-text.ts'
import { STATUS_WORDS } from '../../../shared/domain/payout-status.ts'
import { AppError } from '../../errors.ts'
import { payoutDetail } from '../../ledger/history-repo.ts'
import { getPayoutRow } from '../../ledger/payouts-repo.ts'
import type { Services } from '../../services/create-services.ts'
import { localTime, money, terminalLanguage, type CliIo } from '../cli-context.ts'
import { payoutByReference } from './ledger.ts'

export interface ShowArgs {
  profile?: string
  json?: boolean
}

const referenceOf = (services: Services, id: string | null) =>
  id === null ? null : (getPayoutRow(services.ledger, id)?.reference ?? null)

/** One payout as the window's detail drawer shows it: its fields, its timeline and the raw exchanges. */
export function showCommand(services: Services, reference: string, args: ShowArgs, io: CliIo): number {
  const row = payoutByReference(services, reference, args.profile)
  const detail = payoutDetail(services.ledger, row.id)
  if (!detail) throw new AppError('NOT_FOUND', { key: 'referenceNotFound', params: { reference } })
  const retryOf = referenceOf(services, row.retryOf)
  const retriedAs = detail.retriedAs.map((r) => referenceOf(services, r) ?? r)
  if (args.json) {
    io.out(
      `${JSON.stringify({
        reference: row.reference,
        profile: row.profileName,
        money: row.environment === 'production' ? 'real' : 'test',
        status: STATUS_WORDS[row.status],
        amountMinor: row.amountMinor,
        currency: row.currency,
        recipient: row.beneficiaryName,
        account: row.accountNo,
        gatewayId: row.gatewayId,
        gatewayStatus: row.gatewayStatus,
        gatewayMessage: row.gatewayMessage,
        lastError: row.lastError && wordStored(row.lastError, terminalLanguage(), 'cli'),
        createdAt: new Date(row.createdAt).toISOString(),
        lastCheckedAt: row.lastCheckedAt === null ? null : new Date(row.lastCheckedAt).toISOString(),
        retryOf,
        retriedAs,
        fields: detail.fields,
        events: detail.events.map((e) => ({
          at: new Date(e.at).toISOString(),
          kind: e.kind,
          from: e.fromStatus === null ? null : STATUS_WORDS[e.fromStatus],
          to: e.toStatus === null ? null : STATUS_WORDS[e.toStatus],
          detail: e.detail,
        })),
      })}\n`,
    )
    return 0
  }
  const facts: [string, string | null][] = [
    ['Profile', `${row.profileName} (${row.environment === 'production' ? 'real money' : 'test money'})`],
    ['Status', STATUS_WORDS[row.status]],
    ['Amount', money(row.amountMinor, row.currency)],
    ['Recipient', row.beneficiaryName],
    ['Account', row.accountNo],
    ['Gateway ID', row.gatewayId],
    ['Gateway says', [row.gatewayStatus, row.gatewayMessage].filter(Boolean).join(' ') || null],
    ['Problem', row.lastError && wordStored(row.lastError, terminalLanguage(), 'cli')],
    ['Created', localTime(row.createdAt)],
    ['Last checked', row.lastCheckedAt === null ? 'never' : localTime(row.lastCheckedAt)],
    ['Pays again', retryOf],
    ['Paid again as', retriedAs.join(', ') || null],
  ]
  const width = Math.max(...facts.map(([k]) => k.length))
  io.out(`Payout ${row.reference}\n`)
  for (const [k, v] of facts) if (v !== null) io.out(`  ${k.padEnd(width)}  ${v}\n`)
  io.out('Fields\n')
  const fieldWidth = Math.max(0, ...Object.keys(detail.fields).map((k) => k.length))
  for (const [k, v] of Object.entries(detail.fields)) io.out(`  ${k.padEnd(fieldWidth)}  ${v}\n`)
  io.out('Timeline\n')
  for (const e of detail.events) {
    const move =
      e.fromStatus !== e.toStatus && e.toStatus !== null
        ? ` ${e.fromStatus === null ? '' : `${STATUS_WORDS[e.fromStatus]} → `}${STATUS_WORDS[e.toStatus]}`
        : ''
    io.out(`  ${localTime(e.at)}  ${e.kind}${move}\n`)
    // The raw request, answer or callback as recorded (signatures only; secrets never reach the ledger).
    if (e.detail !== null && e.detail !== undefined) io.out(`      ${JSON.stringify(e.detail)}\n`)
  }
  return 0
}
