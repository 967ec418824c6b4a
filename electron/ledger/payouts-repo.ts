import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { PayoutPage, PayoutRow } from '../../shared/ipc/contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { payeeKeysOf } from '../../shared/domain/payee-account.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { accountKey, type GatewayAccount } from './gateway-account.ts'
import type { Ledger } from './open-ledger.ts'
import { timeOrderedId } from './time-ordered-id.ts'
import { mayPay } from './may-pay.ts'
import { SAME_ACCOUNT_PROFILES } from './same-account.ts'
import { prepared } from './statements.ts'
import {
  decodeCursor,
  encodeCursor,
  filterClause,
  SORTS,
  type ListPayoutsQuery,
  type PayoutFilterQuery,
} from './payout-filter.ts'

// Built once: the condition is the same text for every call (and so one cached statement).
const MAY_PAY = mayPay()

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
  /** The gateway account of its profile when written; it never changes afterwards. */
  account: GatewayAccount
  batchId?: string | null
  /** The failed payout this one pays again, under its own new reference. */
  retryOf?: string | null
}

/** Writes the payout and its first audit event in one transaction. */
export function insertPayout(db: Ledger, payout: NewPayout, now = Date.now()): string {
  return db.transaction(() => insertPayoutRow(db, payout, now))()
}

/** The insert itself, for callers that already hold a transaction (a savepoint per row costs ~20 µs). */
export function insertPayoutRow(db: Ledger, payout: NewPayout, now = Date.now()): string {
  return withCreatedEvents(db, now, () => writePayout(db, payout, now))
}

const PAYOUT_COLUMNS = `id, profile_id, provider, reference, amount_minor, currency, beneficiary_name,
  account_no, bank_code, fields_json, status, batch_id, retry_of, created_at, updated_at, account_json,
  account_key, payee_name_key, payee_account_key`
// What a payout shares with the others of its statement (profile, status, time) is bound once, by name;
// each row binds only its own eleven values. At 100,000 rows binding is most of the cost above SQLite's
// own B-tree work.
const ROW = `(?, @profileId, @provider, ?, ?, @currency, ?, ?, ?, ?, @status, ?, ?, @now, @now, @account,
  @accountKey, ?, ?)`

const shapes = new Map<string, PayoutShape | null>()
/** The payout's payee keys (migration 16), which the payee rule looks unsent payouts up by. */
function payeeKeys(payout: NewPayout) {
  const area = `${payout.provider} ${payout.account.area}`
  let shape = shapes.get(area)
  if (shape === undefined) shapes.set(area, (shape = payoutShape(payout.provider, payout.account.area)))
  if (!shape) throw new Error(`no payout shape for ${area}`)
  return payeeKeysOf(shape, payout.fields, payout.accountNo)
}

function rowValues(id: string, payout: NewPayout): unknown[] {
  const keys = payeeKeys(payout)
  return [
    id,
    payout.reference,
    payout.amountMinor,
    payout.beneficiaryName,
    payout.accountNo,
    payout.bankCode,
    JSON.stringify(payout.fields),
    payout.batchId ?? null,
    payout.retryOf ?? null,
    keys.name,
    keys.account,
  ]
}

const sharedValues = (payout: NewPayout, now: number) => ({
  profileId: payout.profileId,
  provider: payout.provider,
  currency: payout.currency,
  status: payout.status,
  now,
  account: JSON.stringify(payout.account),
  accountKey: accountKey(payout.account),
})

/** The payout row alone; callers wrap their writes in withCreatedEvents. */
export function writePayout(db: Ledger, payout: NewPayout, now: number): string {
  const id = timeOrderedId(now)
  prepared(db, `INSERT INTO payouts (${PAYOUT_COLUMNS}) VALUES ${ROW}`).run(
    ...rowValues(id, payout),
    sharedValues(payout, now),
  )
  return id
}

/** Rows per multi-row INSERT: one statement opens the table's nine B-tree cursors once for all of them. */
export const PAYOUTS_PER_STATEMENT = 64
// Built once: a 100,000-row import asks for it 1,563 times, and the statement cache keys by its text.
const GROUP_INSERT = `INSERT INTO payouts (${PAYOUT_COLUMNS}) VALUES ${Array(PAYOUTS_PER_STATEMENT).fill(ROW).join(', ')}`

/**
 * Exactly PAYOUTS_PER_STATEMENT payouts of one profile and one status, in one statement, all or none of
 * them (a refused row, such as a taken reference, undoes the statement's other rows and throws).
 */
export function writePayoutGroup(db: Ledger, payouts: readonly NewPayout[], now: number): string[] {
  const first = payouts[0]
  if (payouts.length !== PAYOUTS_PER_STATEMENT || !first)
    throw new Error('writePayoutGroup takes a full group')
  if (
    payouts.some(
      (p) => p.profileId !== first.profileId || p.status !== first.status || p.account !== first.account,
    )
  )
    throw new Error('writePayoutGroup takes payouts of one profile, account and status')
  const ids = payouts.map(() => timeOrderedId(now))
  prepared(db, GROUP_INSERT).run(
    ...payouts.flatMap((payout, i) => rowValues(ids[i] as string, payout)),
    sharedValues(first, now),
  )
  return ids
}

/** True when SQLite refused a payout because its profile already used that reference. */
export const isReferenceTaken = (error: unknown): boolean =>
  error instanceof Error &&
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  error.message.includes('payouts.reference')

/**
 * Runs `write` (which writes payout rows with writePayout / writePayoutGroup, inside the caller's
 * transaction), then gives every payout it wrote its `created` audit event, in write order, with one
 * INSERT … SELECT. Rowids only grow and payouts are never deleted, so the rows above the highest rowid
 * before `write` are exactly its own.
 */
export function withCreatedEvents<T>(db: Ledger, now: number, write: () => T): T {
  const before = prepared<[], number>(db, 'SELECT COALESCE(MAX(rowid), 0) FROM payouts')
    .pluck()
    .get() as number
  const result = write()
  prepared(
    db,
    `INSERT INTO payout_events (payout_id, at, kind, to_status)
       SELECT id, ?, 'created', status FROM payouts WHERE rowid > ? ORDER BY rowid`,
  ).run(now, before)
  return result
}

const ROW_SELECT = `SELECT p.id, p.reference, p.gateway_id, pr.name AS profile_name, p.provider, pr.environment,
       p.amount_minor, p.currency, p.beneficiary_name, p.account_no, p.status, p.gateway_status,
       p.batch_id, p.retry_of, p.created_at, p.updated_at, p.last_checked_at, p.last_error, p.gateway_message
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
  retry_of: string | null
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
    retryOf: r.retry_of,
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

/** Newest first by default, paged by keyset so a page costs the same on the millionth row as on the first. */
export function listPayouts(db: Ledger, query: ListPayoutsQuery): PayoutPage {
  const filter = filterClause(query)
  const { params } = filter
  const order = SORTS[query.sort ?? 'newest']
  // Sorted by amount, the page walks payouts_by_amount and stops after `limit` rows. A desk has a few
  // profiles, so its profile filter keeps most rows; SQLite would rather search by profile and sort them
  // all (298 ms on 1,000,000 payouts): the unary + tells it not to use an index for that term.
  const where =
    order.column === 'p.amount_minor'
      ? filter.where.map((w) => (w === 'p.profile_id = @profileId' ? '+p.profile_id = @profileId' : w))
      : filter.where
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor)
    // A row value, so SQLite continues down the sort's index from the cursor; the same test written with
    // OR made it collect and sort every row past the cursor (0.7 s for page two by amount on 1,000,000).
    where.push(`(${order.column}, p.id) ${order.op} (@cursorValue, @cursorId)`)
    params.cursorValue = value
    params.cursorId = id
  }
  params.limit = query.limit + 1
  const rows = prepared<unknown[], PayoutDbRow>(
    db,
    `${ROW_SELECT}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order.column} ${order.dir}, p.id ${order.dir}
        LIMIT @limit`,
  ).all(params)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  const nextCursor = rows.length > query.limit && last ? encodeCursor([order.value(last), last.id]) : null
  return { rows: page.map(toRow), nextCursor }
}

/** Every row the filter matches, in its sort order, one at a time (for export). */
export function* iteratePayouts(db: Ledger, filter: PayoutFilterQuery): Generator<PayoutRow> {
  const { where, params } = filterClause(filter)
  const order = SORTS[filter.sort ?? 'newest']
  const statement = db.prepare<unknown[], PayoutDbRow>(
    `${ROW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order.column} ${order.dir}, p.id ${order.dir}`,
  )
  for (const row of statement.iterate(params)) yield toRow(row)
}

/** The payout a confirmation key (New payout's, or `pay --reference`) first wrote, with what it paid. */
export function payoutByIdempotencyKey(db: Ledger, key: string) {
  return prepared<
    [string],
    { id: string; profile_id: string; amount_minor: number; fields_json: string; reference: string }
  >(
    db,
    'SELECT id, profile_id, amount_minor, fields_json, reference FROM payouts WHERE idempotency_key = ?',
  ).get(key)
}

/**
 * What a draft carries beside its frozen fields, set in the transaction that wrote it: the confirmation
 * key, the limit it waits for release under, and the account change the person accepted. Only what is
 * given is set.
 */
export function markDraft(
  db: Ledger,
  ids: readonly string[],
  marks: { idempotencyKey?: string | null; heldFor?: string | null; change?: object | null },
): void {
  const set = (column: string, value: string | null) =>
    prepared(db, `UPDATE payouts SET ${column} = ? WHERE id IN (SELECT value FROM json_each(?))`).run(
      value,
      JSON.stringify(ids),
    )
  if (marks.idempotencyKey !== undefined) set('idempotency_key', marks.idempotencyKey)
  if (marks.heldFor !== undefined) set('held_for', marks.heldFor)
  if (marks.change !== undefined)
    set('account_change_json', marks.change ? JSON.stringify(marks.change) : null)
}

/** A payout's reference, the name people know it by (undefined when it is not in the ledger). */
export const referenceOf = (db: Ledger, id: string): string | undefined =>
  prepared(db, 'SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string | undefined

/** The payouts of a batch, oldest first. */
export const payoutIdsOfBatch = (db: Ledger, batchId: string): string[] =>
  prepared(db, 'SELECT id FROM payouts WHERE batch_id = ? ORDER BY created_at, rowid')
    .pluck()
    .all(batchId) as string[]

/** The payouts with this reference: one per gateway account at most, so one per profile. */
export const payoutIdsWithReference = (db: Ledger, reference: string, profileId: string | null): string[] =>
  prepared(db, 'SELECT id FROM payouts WHERE reference = ? AND (? IS NULL OR profile_id = ?)')
    .pluck()
    .all(reference, profileId, profileId) as string[]

/** Whether a payout belongs to a profile. */
export const payoutOfProfile = (db: Ledger, id: string, profileId: string): boolean =>
  prepared(db, 'SELECT 1 FROM payouts WHERE id = ? AND profile_id = ?').get(id, profileId) !== undefined

/** Why a batch's payouts that could not leave stay queued (the last such error). */
export const queuedErrorOfBatch = (db: Ledger, batchId: string): string | undefined =>
  prepared(
    db,
    "SELECT last_error FROM payouts WHERE batch_id = ? AND status = 'queued' AND last_error IS NOT NULL",
  )
    .pluck()
    .get(batchId) as string | undefined

/**
 * The newest payout from this profile's gateway account (through any profile naming it) to this account
 * for this amount written since `since` that may still pay (may-pay.ts): what makes another one a repeat.
 */
export function recentLivePayout(
  db: Ledger,
  profileId: string,
  accountNo: string,
  amountMinor: number,
  since: number,
) {
  return prepared<
    [string, string, number, number],
    { reference: string; status: PayoutStatus; created_at: number }
  >(
    db,
    `SELECT reference, status, created_at FROM payouts
       WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) AND account_no = ? AND amount_minor = ?
         AND created_at >= ? AND ${MAY_PAY}
       ORDER BY created_at DESC LIMIT 1`,
  ).get(profileId, accountNo, amountMinor, since)
}
