import { storeText } from '../../shared/messages/stored-text.ts'
import type { AttentionReason } from '../../shared/domain/attention.ts'
import { createHash } from 'node:crypto'
import type { GatewayReason } from '../../shared/domain/gateway-reasons.ts'
import type { AttentionSide } from '../../shared/ipc/attention-contract.ts'
import { PENDING_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { accountKey, sameAccount, type GatewayAccount } from './gateway-account.ts'
import type { Ledger } from './open-ledger.ts'
import type { Exchange } from '../providers/types.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { recordPaidPayout, recordSentPayout } from './recipients-repo.ts'
import { retriesOfPaidSince } from './retries-repo.ts'
import { planObservation } from './observation-plan.ts'
import { prepared } from './statements.ts'
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
  lastAttemptAt: number | null
  /** Re-sends that "not found" has caused so far. */
  resends: number
  attention: AttentionReason | null
  attentionAt: number | null
  attentionDetail: AttentionDetail | null
  amountRuling: string | null
  version: number
  /** Null only for payouts finished before accounts were frozen (migration 5). */
  account: GatewayAccount | null
  createdAt: number
  beneficiaryName: string
  accountNo: string
}

/** The two sides of what a person is asked to decide, as raised. */
export interface AttentionDetail {
  gateway: AttentionSide | null
  ledger: AttentionSide | null
  /** What the gateway's answer means in the ledger's words, for "keep the gateway's answer". */
  gatewayState?: PayoutStatus
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
  last_attempt_at: number | null
  resends: number
  attention: AttentionReason | null
  attention_at: number | null
  attention_json: string | null
  amount_ruling: string | null
  version: number
  account_json: string | null
  created_at: number
  beneficiary_name: string
  account_no: string
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
  lastAttemptAt: r.last_attempt_at,
  resends: r.resends,
  attention: r.attention,
  attentionAt: r.attention_at,
  attentionDetail: r.attention_json ? (JSON.parse(r.attention_json) as AttentionDetail) : null,
  amountRuling: r.amount_ruling,
  version: r.version,
  account: r.account_json ? (JSON.parse(r.account_json) as GatewayAccount) : null,
  createdAt: r.created_at,
  beneficiaryName: r.beneficiary_name,
  accountNo: r.account_no,
})

export function loadPayout(db: Ledger, id: string): EnginePayout | null {
  const row = prepared<[string], Row>(db, 'SELECT * FROM payouts WHERE id = ?').get(id)
  return row ? toPayout(row) : null
}

/** Every payout waiting for a person's decision, oldest call first. */
export function payoutsNeedingAttention(db: Ledger, profileId?: string): EnginePayout[] {
  const sql = `SELECT * FROM payouts WHERE attention IS NOT NULL ${profileId ? 'AND profile_id = ?' : ''}
    ORDER BY attention_at, id`
  return prepared<string[], Row>(db, sql)
    .all(...(profileId ? [profileId] : []))
    .map(toPayout)
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

/** How many of these payouts are still queued (never sent), and their total. */
export function stillQueued(db: Ledger, ids: readonly string[]): { count: number; totalMinor: number } {
  return prepared<[string], { count: number; totalMinor: number }>(
    db,
    `SELECT COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS totalMinor FROM payouts
      WHERE status = 'queued' AND id IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(ids)) as { count: number; totalMinor: number }
}

/** Single payouts (not of a batch) still queued: confirmed by a person, never sent. */
export function confirmedSinglesLeftQueued(db: Ledger): string[] {
  return prepared(
    db,
    "SELECT id FROM payouts WHERE status = 'queued' AND batch_id IS NULL ORDER BY created_at, id",
  )
    .pluck()
    .all() as string[]
}

export function dueForCheck(db: Ledger, now: number, limit: number): string[] {
  return prepared(
    db,
    `SELECT id FROM payouts WHERE next_check_at IS NOT NULL AND next_check_at <= ?
       AND status IN (SELECT value FROM json_each(?)) AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY next_check_at LIMIT ?`,
  )
    .pluck()
    .all(now, JSON.stringify(PENDING_STATUSES), now, limit) as string[]
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

const EARLIER_MAY_HAVE_PAID = storeText({ key: 'noteRetryEarlierMayHavePaid' })
const NOT_SENT_AGAIN = storeText({ key: 'noteRetryEarlierMayHavePaidNotAgain' })

/**
 * Write-ahead: marks the payout as being sent (attempt n) and commits that *before* any request leaves,
 * in the same IMMEDIATE transaction as the lease, so no other process can claim or query it meanwhile.
 * The next check is set past the lease: if this process dies mid-request, whoever runs next asks.
 * Returns null when the payout is not in a state it may be sent from, or another owner holds it.
 */
export function claimForSubmit(
  db: Ledger,
  id: string,
  from: readonly PayoutStatus[],
  now: number,
  lease: { owner: string; ms: number },
  /** Asked inside the transaction: false keeps the payout from leaving (see release-seals.ts). */
  mayLeave: (id: string) => boolean = () => true,
): EnginePayout | null {
  return db
    .transaction(() => {
      const current = loadPayout(db, id)
      if (!current || !from.includes(current.status)) return null
      // A Retry of which an earlier payout may have paid since it was written (the gateway contradicted
      // itself) is never sent, first or again (review 77; review 78 F1: a first send claimed and never
      // answered was re-sent after "not found"). One that never left is cancelled, saying why (once that
      // payout is settled as not paid, a person pays it again); one that may have left says why and is
      // still asked about, so a person is asked once its re-sends would have run out.
      if (retriesOfPaidSince(db, [id]).length > 0) {
        if (current.status === 'queued')
          observe(
            db,
            id,
            { to: 'cancelled', source: 'user', lastError: EARLIER_MAY_HAVE_PAID, nextCheckAt: null },
            now,
          )
        else
          prepared(
            db,
            'UPDATE payouts SET last_error = ?, updated_at = ? WHERE id = ? AND last_error IS NOT ?',
          ).run(NOT_SENT_AGAIN, now, id, NOT_SENT_AGAIN)
        return null
      }
      if (!mayLeave(id)) {
        keepFromLeaving(db, current, now)
        return null
      }
      const taken = prepared(
        db,
        `UPDATE payouts SET status = 'submitting', attempts = attempts + 1, updated_at = @now,
           last_attempt_at = @now, next_check_at = @now + @ms, version = version + 1,
           lease_owner = @owner, lease_until = @now + @ms
         WHERE id = @id AND (lease_owner IS NULL OR lease_until <= @now OR lease_owner = @owner)`,
      ).run({ id, now, owner: lease.owner, ms: lease.ms })
      if (taken.changes !== 1) return null
      addEvent(db, id, now, 'transition', current.status, 'submitting', { attempt: current.attempts + 1 })
      return {
        ...current,
        status: 'submitting' as const,
        attempts: current.attempts + 1,
        lastAttemptAt: now,
        version: current.version + 1,
      }
    })
    .immediate()
}

const NOT_LET_GO = storeText({ key: 'noteNotLetGo' })

/**
 * A payout the owner's limits did not let go: one never sent waits for release again ('unsealed'); one
 * in doubt is not sent again, and says why.
 */
function keepFromLeaving(db: Ledger, current: EnginePayout, now: number): void {
  if (current.status === 'queued') {
    prepared(
      db,
      `UPDATE payouts SET status = 'draft', held_for = 'unsealed', release_seal = NULL, last_error = @why,
         next_check_at = NULL, updated_at = @now, version = version + 1 WHERE id = @id`,
    ).run({ id: current.id, now, why: NOT_LET_GO })
    addEvent(db, current.id, now, 'transition', 'queued', 'draft', { reason: 'release_seal' })
  } else {
    prepared(
      db,
      'UPDATE payouts SET last_error = ?, updated_at = ? WHERE id = ? AND last_error IS NOT ?',
    ).run(NOT_LET_GO, now, current.id, NOT_LET_GO)
  }
}

const digestOf = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex')

/**
 * The payout with `reference` whose frozen gateway account is `account` (whichever profile wrote it):
 * what a callback verified for that account may speak for.
 */
export function payoutAtAccount(db: Ledger, account: GatewayAccount, reference: string): EnginePayout | null {
  const row = prepared<[string, string], Row>(
    db,
    'SELECT * FROM payouts WHERE account_key = ? AND reference = ?',
  ).get(accountKey(account), reference)
  const payout = row ? toPayout(row) : null
  return payout?.account && sameAccount(payout.account, account) ? payout : null
}

/** Whether this callback (its gateway and what the gateway signed) was applied before. */
export const callbackSeen = (db: Ledger, signed: string): boolean =>
  prepared(db, 'SELECT 1 FROM callback_digests WHERE digest = ?').get(digestOf(signed)) !== undefined

/** Remembers a callback (its gateway and what the gateway signed) once it has been applied. */
export function rememberCallback(db: Ledger, id: string, signed: string, now: number): void {
  prepared(db, 'INSERT OR IGNORE INTO callback_digests (digest, payout_id, at) VALUES (?, ?, ?)').run(
    digestOf(signed),
    id,
    now,
  )
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
  db.transaction(() => {
    addEvent(db, id, now, kind, null, null, { outcome, exchange })
    // From the moment a gateway may have taken it, the payee is known at this account: a second file
    // minutes later paying the same name elsewhere is an account change. Not before a request left
    // (nothing was sent), and not when the gateway refused it.
    if (kind === 'create' && outcome !== 'rejected') {
      const payout = loadPayout(db, id)
      const shape = payout ? shapeOf(db, payout) : null
      if (payout && shape) recordSentPayout(db, id, shape, now)
    }
  })()
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
  /**
   * Raise (an object), clear (null) or leave (undefined) the payout's call for a person. Raising the
   * reason it already has keeps the time it was first raised.
   */
  attention?: { reason: AttentionReason; detail: AttentionDetail } | null
  resends?: number
  /** A person's decision may move what the state machine alone would not (see personMay). */
  byPerson?: boolean
  amountRuling?: string | null
  /**
   * The attempt just claimed never left this computer (the request failed before a byte was sent): it
   * is not counted, so the next send is a first attempt again, not a re-send.
   */
  nothingLeft?: boolean
}

/**
 * Applies what was learnt about a payout, in one transaction with its audit event. The state machine
 * decides whether the status moves; a final status never does, so a late or repeated answer changes
 * nothing but the "last checked" time.
 */
export function observe(
  db: Ledger,
  id: string,
  observation: Observation | ((current: EnginePayout) => Observation),
  now: number,
): { from: PayoutStatus; to: PayoutStatus; changed: boolean } {
  return db
    .transaction(() => {
      const current = loadPayout(db, id)
      if (!current) throw new Error(`payout ${id} vanished`)
      // Decided on the row as it is inside this transaction: another process may have moved it since
      // the caller last read it.
      const obs = typeof observation === 'function' ? observation(current) : observation
      const { verdict, to, ignored, moot, attentionSet, attentionMoves, raise } = planObservation(
        current,
        obs,
      )
      prepared(
        db,
        `UPDATE payouts SET
           status = @to,
           gateway_id = CASE WHEN @byPerson AND @gatewayId IS NOT NULL THEN @gatewayId ELSE COALESCE(gateway_id, @gatewayId) END,
           gateway_status = CASE WHEN @ignored THEN gateway_status ELSE COALESCE(@gatewayStatus, gateway_status) END,
           gateway_message = CASE WHEN @ignored THEN gateway_message ELSE COALESCE(@gatewayMessage, gateway_message) END,
           reason = CASE WHEN @ignored THEN reason ELSE @reason END,
           last_error = CASE WHEN (@ignored AND NOT @attentionSet) OR @moot THEN last_error ELSE @lastError END,
           acknowledged = MAX(acknowledged, @acknowledged),
           check_failures = @checkFailures,
           last_checked_at = CASE WHEN @checked THEN @now ELSE last_checked_at END,
           next_check_at = CASE WHEN @ignored THEN next_check_at ELSE @nextCheckAt END,
           updated_at = CASE WHEN @changed OR @attentionMoves THEN @now ELSE updated_at END,
           resends = COALESCE(@resends, resends),
           attempts = attempts - @nothingLeft,
           attention = CASE WHEN @attentionSet THEN @attention ELSE attention END,
           attention_at = CASE WHEN @attentionMoves THEN (CASE WHEN @attention IS NULL THEN NULL ELSE @now END)
                               ELSE attention_at END,
           attention_json = CASE WHEN @attentionSet THEN @attentionJson ELSE attention_json END,
           amount_ruling = COALESCE(@amountRuling, amount_ruling),
           version = version + (CASE WHEN @changed OR @attentionMoves THEN 1 ELSE 0 END)
         WHERE id = @id`,
      ).run({
        id,
        to,
        ignored: ignored ? 1 : 0,
        changed: verdict === 'apply' ? 1 : 0,
        byPerson: obs.byPerson ? 1 : 0,
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
        resends: obs.resends ?? null,
        attentionSet: attentionSet ? 1 : 0,
        moot: moot ? 1 : 0,
        attentionMoves: attentionMoves ? 1 : 0,
        attention: raise?.reason ?? null,
        attentionJson: raise ? JSON.stringify(raise.detail) : null,
        amountRuling: obs.amountRuling ?? null,
        nothingLeft: obs.nothingLeft && verdict === 'apply' ? 1 : 0,
      })
      if (verdict === 'apply' && to === 'succeeded') recordPaid(db, current, now)
      addEvent(db, id, now, verdict === 'apply' ? 'transition' : 'observation', current.status, obs.to, {
        source: obs.source,
        verdict,
        gatewayStatus: obs.gatewayStatus ?? null,
        reason: obs.reason ?? null,
        message: obs.lastError ?? obs.gatewayMessage ?? null,
        ...(attentionMoves ? { attention: raise?.reason ?? null, was: current.attention } : {}),
      })
      return { from: current.status, to, changed: verdict === 'apply' }
    })
    .immediate()
}

/** The payout rules of the gateway account a payout was written for. */
function shapeOf(db: Ledger, payout: EnginePayout) {
  const area =
    payout.account?.area ??
    (prepared(db, 'SELECT area FROM profiles WHERE id = ?').pluck().get(payout.profileId) as
      string | undefined)
  return area ? payoutShape(payout.provider, area) : null
}

/** A paid payout fills the recipients directory (in the same transaction as the transition). */
function recordPaid(db: Ledger, payout: EnginePayout, now: number): void {
  const shape = shapeOf(db, payout)
  if (shape) recordPaidPayout(db, payout.id, shape, now)
}

/** A person's decision, in the payout's timeline with their note. */
export function recordDecision(db: Ledger, id: string, now: number, detail: Record<string, unknown>): void {
  addEvent(db, id, now, 'decision', null, null, detail)
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
