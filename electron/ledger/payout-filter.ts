import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { HistorySort } from '../../shared/ipc/history-contract.ts'
import { CURRENCIES, parseAmount, type CurrencyCode } from '../../shared/money.ts'
import { AppError } from '../errors.ts'

export interface PayoutFilterQuery {
  statuses?: readonly PayoutStatus[] | undefined
  profileId?: string | undefined
  batchId?: string | undefined
  search?: string | undefined
  from?: number | undefined
  to?: number | undefined
  minAmount?: string | undefined
  maxAmount?: string | undefined
  sort?: HistorySort | undefined
}

export interface ListPayoutsQuery extends PayoutFilterQuery {
  limit: number
  cursor?: string | null | undefined
}

interface SortSpec {
  column: string
  dir: 'ASC' | 'DESC'
  /** The keyset comparison that continues past the cursor. */
  op: '<' | '>'
  value: (row: { created_at: number; amount_minor: number }) => number
}

export const SORTS: Record<HistorySort, SortSpec> = {
  newest: { column: 'p.created_at', dir: 'DESC', op: '<', value: (r) => r.created_at },
  oldest: { column: 'p.created_at', dir: 'ASC', op: '>', value: (r) => r.created_at },
  amountHigh: { column: 'p.amount_minor', dir: 'DESC', op: '<', value: (r) => r.amount_minor },
  amountLow: { column: 'p.amount_minor', dir: 'ASC', op: '>', value: (r) => r.amount_minor },
}

export function encodeCursor(cursor: [number, string]): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

export function decodeCursor(text: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]]
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_INPUT', { key: 'historyPageInvalid' })
}

/**
 * An amount bound typed in major units, as one condition per currency: "50,000" is IDR 50,000 and
 * THB 50,000.00, so the same words filter both kinds of rows.
 */
function amountBound(text: string, op: '>=' | '<=', params: Record<string, unknown>, name: string): string {
  const parts: string[] = []
  for (const currency of Object.keys(CURRENCIES) as CurrencyCode[]) {
    const parsed = parseAmount(text, currency)
    if (!parsed.ok) throw new AppError('INVALID_INPUT', { key: 'amountBoundInvalid', params: { text } })
    params[`${name}${currency}`] = parsed.minor
    parts.push(`(p.currency = '${currency}' AND p.amount_minor ${op} @${name}${currency})`)
  }
  return `(${parts.join(' OR ')})`
}

/** The WHERE conditions of a history filter, shared by the paged table and the export. */
export function filterClause(query: PayoutFilterQuery): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = []
  const params: Record<string, unknown> = {}
  if (query.profileId) {
    where.push('p.profile_id = @profileId')
    params.profileId = query.profileId
  }
  if (query.batchId) {
    where.push('p.batch_id = @batchId')
    params.batchId = query.batchId
  }
  if (query.from !== undefined) {
    where.push('p.created_at >= @from')
    params.from = query.from
  }
  if (query.to !== undefined) {
    where.push('p.created_at < @to')
    params.to = query.to
  }
  if (query.minAmount) where.push(amountBound(query.minAmount, '>=', params, 'min'))
  if (query.maxAmount) where.push(amountBound(query.maxAmount, '<=', params, 'max'))
  if (query.search) {
    // A plain substring: % and _ typed by the person are matched as themselves.
    where.push(
      `(p.reference LIKE @like ESCAPE '\\' OR p.gateway_id LIKE @like ESCAPE '\\'
        OR p.beneficiary_name LIKE @like ESCAPE '\\' OR p.account_no LIKE @like ESCAPE '\\')`,
    )
    params.like = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  }
  if (query.statuses && query.statuses.length > 0) {
    where.push(`p.status IN (SELECT value FROM json_each(@statuses))`)
    params.statuses = JSON.stringify(query.statuses)
  }
  return { where, params }
}
