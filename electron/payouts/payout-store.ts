import { createHash } from 'node:crypto'
import type { GatewayReason } from '../../shared/domain/gateway-reasons.ts'
import { PENDING_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { Exchange } from '../providers/types.ts'
import { judge } from './state-machine.ts'
import { prepared } from '../ledger/statements.ts'
import { REJECTION_PREFIX_CHARS, REJECTIONS_KEPT } from './rejection-limits.ts'

/** The engine's view of a payout row: everything needed to send it again exactly as first written. */
export interface EnginePayout {
  id: string
  profileId: string
  provider: ProviderId
  reference: string
  amountMinor: number
  currency: CurrencyCode
  fields: Record<string, string>
  status: PayoutStatus
  gatewayId: string | null
  acknowledged: boolean
  attempts: number
  checkFailures: number
  batchId: string | null
}

interface Row {
  id: string
  profile_id: string
  provider: ProviderId
  reference: string
  amount_minor: number
  currency: CurrencyCode
  fields_json: string
  status: PayoutStatus
  gateway_id: string | null
  acknowledged: number
  attempts: number
  check_failures: number
  batch_id: string | null
}

const toPayout = (r: Row): EnginePayout => ({
  id: r.id,
  profileId: r.profile_id,
  provider: r.provider,
  reference: r.reference,
  amountMinor: r.amount_minor,
  currency: r.currency,
  fields: JSON.parse(r.fields_json) as Record<string, string>,
  status: r.status,
  gatewayId: r.gateway_id,
  acknowledged: r.acknowledged === 1,
  attempts: r.attempts,
  checkFailures: r.check_failures,
  batchId: r.batch_id,
})

export function loadPayout(db: Ledger, id: string): EnginePayout | null {
  const row = prepared<[string], Row>(db, 'SELECT * FROM payouts WHERE id = ?').get(id)
  return row ? toPayout(row) : null
}

export function findByReference(db: Ledger, profileId: string, reference: string): EnginePayout | null {
  const row = prepared<[string, string], Row>(
    db,
    'SELECT * FROM payouts WHERE profile_id = ? AND reference = ?',
  ).get(profileId, reference)
  return row ? toPayout(row) : null
}

export function idsWithStatus(db: Ledger, statuses: readonly PayoutStatus[], batchId?: string): string[] {
  const sql = `SELECT id FROM payouts WHERE status IN (SELECT value FROM json_each(?))
    ${batchId ? 'AND batch_id = ?' : ''} ORDER BY created_at, id`
  const params: unknown[] = batchId ? [JSON.stringify(statuses), batchId] : [JSON.stringify(statuses)]
  return prepared(db, sql)
    .pluck()
    .all(...params) as string[]
}

export function dueForCheck(db: Ledger, now: number, limit: number): string[] {
  return prepared(
    db,
    `SELECT id FROM payouts WHERE next_check_at IS NOT NULL AND next_check_at <= ?
       AND status IN (SELECT value FROM json_each(?)) ORDER BY next_check_at LIMIT ?`,
  )
    .pluck()
    .all(now, JSON.stringify(PENDING_STATUSES), limit) as string[]
}

function addEvent(
  db: Ledger,
  payoutId: string,
  at: number,
  kind: string,
  from: PayoutStatus | null,
  to: PayoutStatus | null,
  detail: unknown,
): void {
  prepared(
    db,
    'INSERT INTO payout_events (payout_id, at, kind, from_status, to_status, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(payoutId, at, kind, from, to, detail === undefined ? null : JSON.stringify(detail))
}

/**
 * Write-ahead: marks the payout as being sent (attempt n) and commits that *before* any request leaves.
 * Returns false when the payout is not in a state it may be sent from (someone else got there first).
 */
export function claimForSubmit(
  db: Ledger,
  id: string,
  from: readonly PayoutStatus[],
  now: number,
): EnginePayout | null {
  return db
    .transaction(() => {
      const current = loadPayout(db, id)
      if (!current || !from.includes(current.status)) return null
      prepared(
        db,
        `UPDATE payouts SET status = 'submitting', attempts = attempts + 1, updated_at = ?, next_check_at = NULL
         WHERE id = ?`,
      ).run(now, id)
      addEvent(db, id, now, 'transition', current.status, 'submitting', { attempt: current.attempts + 1 })
      return { ...current, status: 'submitting' as const, attempts: current.attempts + 1 }
    })
    .immediate()
}

/** A callback body exactly as received, once it has been verified. */
export function recordCallback(db: Ledger, id: string, rawBody: string, now: number): void {
  addEvent(db, id, now, 'callback', null, null, { body: rawBody })
}

/** The raw request and response of one gateway call, for the audit trail (signatures only, no secret). */
export function recordExchange(
  db: Ledger,
  id: string,
  kind: 'create' | 'query',
  exchange: Exchange,
  outcome: string,
  now: number,
): void {
  addEvent(db, id, now, kind, null, null, { outcome, exchange })
}

export interface Observation {
  to: PayoutStatus
  source: 'create' | 'query' | 'callback' | 'user'
  gatewayId?: string | null
  gatewayStatus?: string | null
  gatewayMessage?: string | null
  reason?: GatewayReason | null
  lastError?: string | null
  acknowledged?: boolean
  nextCheckAt: number | null
  /** Inconclusive checks so far; drives the backoff. */
  checkFailures?: number
  checked?: boolean
}

/**
 * Applies what was learnt about a payout, in one transaction with its audit event. The state machine
 * decides whether the status moves; a final status never does, so a late or repeated answer changes
 * nothing but the "last checked" time.
 */
export function observe(
  db: Ledger,
  id: string,
  obs: Observation,
  now: number,
): { from: PayoutStatus; to: PayoutStatus; changed: boolean } {
  return db
    .transaction(() => {
      const current = loadPayout(db, id)
      if (!current) throw new Error(`payout ${id} vanished`)
      const verdict = judge(current.status, obs.to)
      const to = verdict === 'apply' ? obs.to : current.status
      const ignored = verdict === 'ignore'
      prepared(
        db,
        `UPDATE payouts SET
           status = @to,
           gateway_id = COALESCE(gateway_id, @gatewayId),
           gateway_status = CASE WHEN @ignored THEN gateway_status ELSE COALESCE(@gatewayStatus, gateway_status) END,
           gateway_message = CASE WHEN @ignored THEN gateway_message ELSE COALESCE(@gatewayMessage, gateway_message) END,
           reason = CASE WHEN @ignored THEN reason ELSE @reason END,
           last_error = CASE WHEN @ignored THEN last_error ELSE @lastError END,
           acknowledged = MAX(acknowledged, @acknowledged),
           check_failures = @checkFailures,
           last_checked_at = CASE WHEN @checked THEN @now ELSE last_checked_at END,
           next_check_at = CASE WHEN @ignored THEN next_check_at ELSE @nextCheckAt END,
           updated_at = CASE WHEN @changed THEN @now ELSE updated_at END
         WHERE id = @id`,
      ).run({
        id,
        to,
        ignored: ignored ? 1 : 0,
        changed: verdict === 'apply' ? 1 : 0,
        gatewayId: obs.gatewayId ?? null,
        gatewayStatus: obs.gatewayStatus ?? null,
        gatewayMessage: obs.gatewayMessage ?? null,
        reason: obs.reason ?? null,
        lastError: obs.lastError ?? null,
        acknowledged: obs.acknowledged ? 1 : 0,
        checkFailures: obs.checkFailures ?? 0,
        checked: obs.checked ? 1 : 0,
        nextCheckAt: obs.nextCheckAt,
        now,
      })
      addEvent(db, id, now, verdict === 'apply' ? 'transition' : 'observation', current.status, obs.to, {
        source: obs.source,
        verdict,
        gatewayStatus: obs.gatewayStatus ?? null,
        reason: obs.reason ?? null,
        message: obs.lastError ?? obs.gatewayMessage ?? null,
      })
      return { from: current.status, to, changed: verdict === 'apply' }
    })
    .immediate()
}

/** Keeps the body's digest, size and first characters, and only the newest REJECTIONS_KEPT rows. */
export function recordCallbackRejection(
  db: Ledger,
  profileId: string | null,
  reason: string,
  detail: string,
  body: string,
  now: number,
): void {
  const digest = createHash('sha256').update(body, 'utf8').digest('hex')
  db.transaction(() => {
    const { lastInsertRowid } = prepared(
      db,
      'INSERT INTO callback_rejections (at, profile_id, reason, detail, body_prefix, body_sha256, body_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      now,
      profileId,
      reason,
      detail.slice(0, REJECTION_PREFIX_CHARS),
      body.slice(0, REJECTION_PREFIX_CHARS),
      digest,
      Buffer.byteLength(body, 'utf8'),
    )
    prepared(db, 'DELETE FROM callback_rejections WHERE seq <= ?').run(
      Number(lastInsertRowid) - REJECTIONS_KEPT,
    )
  }).immediate()
}
