import { existsSync } from 'node:fs'
import { PENDING_STATUSES, STATUS_WORDS, statusFromWord } from '../../../shared/domain/payout-status.ts'
import type { PayoutRow } from '../../../shared/ipc/contract.ts'
import { payoutsCsv } from '../../export/payouts-csv.ts'
import { AppError } from '../../errors.ts'
import {
  getPayoutRow,
  iteratePayouts,
  payoutIdsWithReference,
  payoutOfProfile,
} from '../../ledger/payouts-repo.ts'
import { refreshBalance } from '../../payouts/balances.ts'
import { idsWithStatus } from '../../ledger/payout-store.ts'
import { writePrivateFile } from '../../private-files.ts'
import type { Services } from '../../services/create-services.ts'
import {
  UsageError,
  count,
  localTime,
  money,
  moneyDecimal,
  profileByName,
  terminalWords,
  type CliIo,
} from '../cli-context.ts'
import { dateArg, limitArg } from '../date-args.ts'
import { table, type Column } from '../table.ts'

export interface FilterArgs {
  profile?: string
  status?: string
  batch?: string
  json?: boolean
  out?: string
  id?: string
  all?: boolean
  search?: string
  from?: string
  to?: string
  limit?: string
  force?: boolean
  refresh?: boolean
}

/** The payouts with this reference (one per profile at most), within one profile when named. */
export function payoutIdsByReference(services: Services, reference: string, profileName?: string): string[] {
  const profileId = profileName ? profileByName(services, profileName).id : null
  const ids = payoutIdsWithReference(services.ledger, reference, profileId)
  if (ids.length === 0) throw new AppError('NOT_FOUND', { key: 'referenceNotFound', params: { reference } })
  return ids
}

/** The one payout a reference names; two profiles may share a reference, and then --profile says which. */
export function payoutByReference(services: Services, reference: string, profileName?: string): PayoutRow {
  const ids = payoutIdsByReference(services, reference, profileName)
  if (ids.length > 1)
    throw new AppError('INVALID_INPUT', {
      key: 'referenceInProfiles',
      params: { count: ids.length, reference },
    })
  const row = getPayoutRow(services.ledger, ids[0] ?? '')
  if (!row) throw new AppError('NOT_FOUND', { key: 'referenceNotFound', params: { reference } })
  return row
}

function allRows(services: Services, args: FilterArgs): PayoutRow[] {
  const status = args.status === undefined ? null : statusFromWord(args.status)
  const from = dateArg('from', args.from)
  const to = dateArg('to', args.to, true)
  const rows = iteratePayouts(services.ledger, {
    profileId: args.profile ? profileByName(services, args.profile).id : undefined,
    batchId: args.batch,
    statuses: status ? [status] : undefined,
    search: args.search?.trim() || undefined,
    from,
    to,
  })
  const limit = limitArg(args.limit)
  const picked: PayoutRow[] = []
  // Newest first, as History shows them; the generator stops reading at the limit.
  for (const row of rows) {
    if (limit !== undefined && picked.length >= limit) break
    picked.push(row)
  }
  return picked
}

const forJson = (r: PayoutRow) => ({
  reference: r.reference,
  gatewayId: r.gatewayId,
  profile: r.profileName,
  provider: r.provider,
  status: STATUS_WORDS[r.status],
  gatewayStatus: r.gatewayStatus,
  amountMinor: r.amountMinor,
  currency: r.currency,
  beneficiary: r.beneficiaryName,
  account: r.accountNo,
  batch: r.batchId,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
  lastCheckedAt: r.lastCheckedAt === null ? null : new Date(r.lastCheckedAt).toISOString(),
})

const LIST_COLUMNS: readonly Column<PayoutRow>[] = [
  { header: 'CREATED', cell: (r) => localTime(r.createdAt) },
  { header: 'REFERENCE', cell: (r) => r.reference },
  { header: 'STATUS', cell: (r) => STATUS_WORDS[r.status] },
  { header: 'AMOUNT', cell: (r) => money(r.amountMinor, r.currency), align: 'right' },
  { header: 'RECIPIENT', cell: (r) => r.beneficiaryName },
  { header: 'PROFILE', cell: (r) => r.profileName },
  { header: 'LAST CHECKED', cell: (r) => (r.lastCheckedAt === null ? 'never' : localTime(r.lastCheckedAt)) },
]

export async function listCommand(services: Services, args: FilterArgs, io: CliIo): Promise<number> {
  if (args.refresh) await services.poller.refreshAllPending()
  const rows = allRows(services, args)
  if (args.json) {
    io.out(`${JSON.stringify(rows.map(forJson))}\n`)
    return 0
  }
  if (rows.length > 0) io.out(table(LIST_COLUMNS, rows))
  io.out(`${count(rows.length, 'payout')}\n`)
  return 0
}

/** CSV of the filtered ledger, readable by its owner only; no cell can run as a formula. */
export async function exportCommand(services: Services, args: FilterArgs, io: CliIo): Promise<number> {
  if (!args.out) throw new UsageError('export needs --out FILE')
  if (!args.force && existsSync(args.out))
    throw new AppError('CONFLICT', { key: 'fileExistsForce', params: { file: args.out } })
  const { csv, count: written } = payoutsCsv(allRows(services, args))
  await writePrivateFile(args.out, csv)
  io.out(`Wrote ${count(written, 'payout')} to ${args.out}\n`)
  return 0
}

export async function refreshCommand(services: Services, args: FilterArgs, io: CliIo): Promise<number> {
  const { ledger: db, poller } = services
  let ids: string[]
  if (args.id) {
    ids = payoutIdsByReference(services, args.id, args.profile)
  } else if (args.batch) {
    ids = idsWithStatus(db, PENDING_STATUSES, args.batch)
  } else {
    ids = idsWithStatus(db, PENDING_STATUSES)
    if (args.profile) {
      const profileId = profileByName(services, args.profile).id
      ids = ids.filter((id) => payoutOfProfile(db, id, profileId))
    }
  }
  const results = await poller.refreshNow(ids)
  const unanswered = results.filter((r) => r === null || r.kind === 'inconclusive').length
  // Counted among the payouts asked about, not the whole ledger.
  const pending = new Set(idsWithStatus(db, PENDING_STATUSES))
  const left = ids.filter((id) => pending.has(id)).length
  if (args.json) io.out(`${JSON.stringify({ checked: ids.length, unanswered, notFinal: left })}\n`)
  else
    io.out(
      `Checked ${count(ids.length, 'payout')}; ${unanswered} got no answer; ${left} ${left === 1 ? 'is' : 'are'} not final yet.\n`,
    )
  return unanswered > 0 ? 1 : 0
}

export async function balanceCommand(services: Services, args: FilterArgs, io: CliIo): Promise<number> {
  const profile = profileByName(services, args.profile)
  const { balance, problem } = await refreshBalance(services.ledger, services.resolveClient, profile.id)
  if (problem) io.err(`${terminalWords(problem)}${balance ? ' Showing the last known balance.' : ''}\n`)
  if (!balance) return 1
  if (args.json) {
    io.out(
      `${JSON.stringify({ profile: profile.name, ...balance, fetchedAt: new Date(balance.fetchedAt).toISOString(), fresh: problem === null })}\n`,
    )
  } else {
    const raw = balance.gatewayValue === null ? '' : `; the gateway sent ${balance.gatewayValue}`
    io.out(
      `${moneyDecimal(balance.availableDecimal, balance.currency)} available (as of ${localTime(balance.fetchedAt)}${raw})\n`,
    )
  }
  return problem ? 1 : 0
}
