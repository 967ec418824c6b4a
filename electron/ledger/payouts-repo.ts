import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { PayoutPage, PayoutRow } from '../../shared/ipc/contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from './open-ledger.ts'
import { timeOrderedId } from './time-ordered-id.ts'
import { prepared } from './statements.ts'

export interface NewPayout {
  profileId: string
  provider: ProviderId
  reference: string
  amountMinor: number
  currency: CurrencyCode
  beneficiaryName: string
  accountNo: string
  bankCode: string | null
  /** The exact business fields that will be sent, frozen with the reference. */
  fields: Record<string, string>
  status: PayoutStatus
  batchId?: string | null
}

/** Writes the payout and its first audit event in one transaction. */
export function insertPayout(db: Ledger, payout: NewPayout, now = Date.now()): string {
  return db.transaction(() => insertPayoutRow(db, payout, now))()
}

/** The insert itself, for callers that already hold a transaction (a savepoint per row costs ~20 µs). */
export function insertPayoutRow(db: Ledger, payout: NewPayout, now = Date.now()): string {
  const id = timeOrderedId(now)
  prepared(
    db,
    `INSERT INTO payouts (id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
       account_no, bank_code, fields_json, status, batch_id, created_at, updated_at)
     VALUES (@id, @profileId, @provider, @reference, @amountMinor, @currency, @beneficiaryName,
       @accountNo, @bankCode, @fieldsJson, @status, @batchId, @now, @now)`,
  ).run({ ...payout, id, fieldsJson: JSON.stringify(payout.fields), batchId: payout.batchId ?? null, now })
  prepared(db, `INSERT INTO payout_events (payout_id, at, kind, to_status) VALUES (?, ?, 'created', ?)`).run(
    id,
    now,
    payout.status,
  )
  return id
}

interface Cursor {
  createdAt: number
  id: string
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url')
}

function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] }
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_INPUT', 'The history page to continue from is not valid. Reload the history.')
}

const ROW_SELECT = `SELECT p.id, p.reference, p.gateway_id, pr.name AS profile_name, p.provider, pr.environment,
       p.amount_minor, p.currency, p.beneficiary_name, p.account_no, p.status, p.gateway_status,
       p.batch_id, p.created_at, p.updated_at, p.last_checked_at, p.last_error, p.gateway_message
  FROM payouts p JOIN profiles pr ON pr.id = p.profile_id`

interface PayoutDbRow {
  id: string
  reference: string
  gateway_id: string | null
  profile_name: string
  provider: ProviderId
  environment: 'sandbox' | 'production'
  amount_minor: number
  currency: CurrencyCode
  beneficiary_name: string
  account_no: string
  status: PayoutStatus
  gateway_status: string | null
  batch_id: string | null
  created_at: number
  updated_at: number
  last_checked_at: number | null
  last_error: string | null
  gateway_message: string | null
}

function toRow(r: PayoutDbRow): PayoutRow {
  return {
    id: r.id,
    reference: r.reference,
    gatewayId: r.gateway_id,
    profileName: r.profile_name,
    provider: r.provider,
    environment: r.environment,
    amountMinor: r.amount_minor,
    currency: r.currency,
    beneficiaryName: r.beneficiary_name,
    accountNo: r.account_no,
    status: r.status,
    gatewayStatus: r.gateway_status,
    batchId: r.batch_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastCheckedAt: r.last_checked_at,
    lastError: r.last_error,
    gatewayMessage: r.gateway_message,
  }
}

export function getPayoutRow(db: Ledger, id: string): PayoutRow | null {
  const row = prepared<[string], PayoutDbRow>(db, `${ROW_SELECT} WHERE p.id = ?`).get(id)
  return row ? toRow(row) : null
}

export interface ListPayoutsQuery {
  limit: number
  cursor?: string | null | undefined
  statuses?: readonly PayoutStatus[] | undefined
  profileId?: string | undefined
  batchId?: string | undefined
  search?: string | undefined
}

/** Newest first, paged by (created_at, id) so a page costs the same on the millionth row as on the first. */
export function listPayouts(db: Ledger, query: ListPayoutsQuery): PayoutPage {
  const where: string[] = []
  const params: Record<string, unknown> = { limit: query.limit + 1 }
  if (query.cursor) {
    const c = decodeCursor(query.cursor)
    where.push('(p.created_at < @cursorAt OR (p.created_at = @cursorAt AND p.id < @cursorId))')
    params.cursorAt = c.createdAt
    params.cursorId = c.id
  }
  if (query.profileId) {
    where.push('p.profile_id = @profileId')
    params.profileId = query.profileId
  }
  if (query.batchId) {
    where.push('p.batch_id = @batchId')
    params.batchId = query.batchId
  }
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
  const rows = prepared<unknown[], PayoutDbRow>(
    db,
    `${ROW_SELECT}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT @limit`,
  ).all(params)
  const page = rows.slice(0, query.limit).map(toRow)
  const last = page.at(-1)
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null
  return { rows: page, nextCursor }
}
