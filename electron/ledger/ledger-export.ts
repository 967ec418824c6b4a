import type { Ledger } from './open-ledger.ts'
import { BUILTIN_SANDBOX_PREFIX } from './profiles-repo.ts'
import { prepared } from './statements.ts'

/*
 * The desk's own ledger read whole, for moving it into a team ledger (actions/team-import-ledger.ts):
 * its profiles (not the sandboxes built into the app: a team's profiles name gateways every desk can
 * reach), batches, payouts and every event, in order. The caller reads them in one transaction (one
 * snapshot); the limits are read through release-limits.ts, which checks their seal.
 */

const OWN = `base_url NOT LIKE '${BUILTIN_SANDBOX_PREFIX}%'`

export interface ExportedProfile {
  id: string
  name: string
  provider: 'vexora' | 'bluepay'
  area: string
  environment: 'sandbox' | 'production'
  base_url: string
  merchant_id: string
  notify_url: string | null
  gateway_public_key: string | null
}

export const exportedProfiles = (db: Ledger): ExportedProfile[] =>
  prepared<[], ExportedProfile>(
    db,
    `SELECT id, name, provider, area, environment, base_url, merchant_id, notify_url, gateway_public_key
       FROM profiles WHERE ${OWN} ORDER BY name`,
  ).all()

/** How many payouts of those profiles are not final yet, by status: what must end before a move. */
export const openPayoutsByStatus = (db: Ledger): { status: string; n: number }[] =>
  prepared<[], { status: string; n: number }>(
    db,
    `SELECT status, count(*) AS n FROM payouts
      WHERE status NOT IN ('succeeded', 'failed', 'rejected', 'cancelled')
        AND profile_id IN (SELECT id FROM profiles WHERE ${OWN})
      GROUP BY status ORDER BY status`,
  ).all()

export interface ExportedBatch {
  id: string
  profile_id: string
  file_name: string | null
  file_sha256: string | null
  created_at: number
}

export const exportedBatches = (db: Ledger): ExportedBatch[] =>
  prepared<[], ExportedBatch>(
    db,
    `SELECT id, profile_id, file_name, file_sha256, created_at FROM batches
      WHERE state IS NOT 'importing' AND profile_id IN (SELECT id FROM profiles WHERE ${OWN})
      ORDER BY created_at, id`,
  ).all()

export interface ExportedPayout {
  id: string
  profile_id: string
  reference: string
  amount_minor: number
  currency: string
  fields_json: string
  status: string
  gateway_id: string | null
  gateway_status: string | null
  gateway_message: string | null
  reason: string | null
  last_error: string | null
  attempts: number
  attention: string | null
  attention_json: string | null
  account_json: string | null
  batch_id: string | null
  retry_of: string | null
  created_at: number
  updated_at: number
  last_attempt_at: number | null
  attention_at: number | null
}

/** The payouts after `afterId` (ids are time-ordered), a page at a time. */
export const exportedPayouts = (db: Ledger, afterId: string, limit: number): ExportedPayout[] =>
  prepared<[string, number], ExportedPayout>(
    db,
    `SELECT id, profile_id, reference, amount_minor, currency, fields_json, status, gateway_id, gateway_status,
            gateway_message, reason, last_error, attempts, attention, attention_json, account_json, batch_id,
            retry_of, created_at, updated_at, last_attempt_at, attention_at
       FROM payouts WHERE id > ? AND profile_id IN (SELECT id FROM profiles WHERE ${OWN})
      ORDER BY id LIMIT ?`,
  ).all(afterId, limit)

export interface ExportedEvent {
  seq: number
  payout_id: string
  at: number
  kind: string
  from_status: string | null
  to_status: string | null
  detail_json: string | null
}

/** The events after `afterSeq`, in the order they were written, a page at a time. */
export const exportedEvents = (db: Ledger, afterSeq: number, limit: number): ExportedEvent[] =>
  prepared<[number, number], ExportedEvent>(
    db,
    `SELECT e.seq, e.payout_id, e.at, e.kind, e.from_status, e.to_status, e.detail_json
       FROM payout_events e JOIN payouts p ON p.id = e.payout_id
      WHERE e.seq > ? AND p.profile_id IN (SELECT id FROM profiles WHERE ${OWN})
      ORDER BY e.seq LIMIT ?`,
  ).all(afterSeq, limit)

/** How many payouts and events a move would carry. */
export const exportedCounts = (db: Ledger): { payouts: number; events: number } =>
  prepared<[], { payouts: number; events: number }>(
    db,
    `SELECT (SELECT count(*) FROM payouts WHERE profile_id IN (SELECT id FROM profiles WHERE ${OWN})) AS payouts,
            (SELECT count(*) FROM payout_events e JOIN payouts p ON p.id = e.payout_id
              WHERE p.profile_id IN (SELECT id FROM profiles WHERE ${OWN})) AS events`,
  ).get() ?? { payouts: 0, events: 0 }
