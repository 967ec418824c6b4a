import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { BatchSummary, PayoutDetail } from '../../shared/ipc/history-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

function parseJson(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Everything the detail drawer shows: the frozen fields, the links, and the full audit trail. */
export function payoutDetail(db: Ledger, id: string): PayoutDetail | null {
  const row = prepared<[string], { fields_json: string; retry_of: string | null }>(
    db,
    'SELECT fields_json, retry_of FROM payouts WHERE id = ?',
  ).get(id)
  if (!row) return null
  const events = prepared<
    [string],
    {
      seq: number
      at: number
      kind: string
      from_status: PayoutStatus | null
      to_status: PayoutStatus | null
      detail_json: string | null
    }
  >(
    db,
    'SELECT seq, at, kind, from_status, to_status, detail_json FROM payout_events WHERE payout_id = ? ORDER BY seq',
  )
    .all(id)
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      detail: parseJson(e.detail_json),
    }))
  return {
    fields: parseJson(row.fields_json) as Record<string, string>,
    retryOf: row.retry_of,
    retriedAs: prepared(db, 'SELECT id FROM payouts WHERE retry_of = ? ORDER BY created_at')
      .pluck()
      .all(id) as string[],
    events,
  }
}

const BATCH_SELECT = `SELECT b.id, b.profile_id, pr.name AS profile_name, b.file_name, b.state, b.created_at,
    (SELECT currency FROM payouts WHERE batch_id = b.id LIMIT 1) AS currency,
    (SELECT json_group_object(status, n) FROM
       (SELECT status, count(*) AS n FROM payouts WHERE batch_id = b.id GROUP BY status)) AS by_status,
    (SELECT coalesce(sum(amount_minor), 0) FROM payouts WHERE batch_id = b.id) AS total_minor
  FROM batches b JOIN profiles pr ON pr.id = b.profile_id`

interface BatchDbRow {
  id: string
  profile_id: string
  profile_name: string
  file_name: string | null
  state: string
  created_at: number
  currency: CurrencyCode | null
  by_status: string
  total_minor: number
}

function toSummary(r: BatchDbRow): BatchSummary {
  const byStatus = JSON.parse(r.by_status) as Partial<Record<PayoutStatus, number>>
  return {
    id: r.id,
    profileId: r.profile_id,
    profileName: r.profile_name,
    fileName: r.file_name,
    state: r.state,
    createdAt: r.created_at,
    currency: r.currency,
    count: Object.values(byStatus).reduce((a, b) => a + b, 0),
    totalMinor: r.total_minor,
    byStatus,
  }
}

export function batchSummary(db: Ledger, batchId: string): BatchSummary | null {
  const row = prepared<[string], BatchDbRow>(db, `${BATCH_SELECT} WHERE b.id = ?`).get(batchId)
  return row ? toSummary(row) : null
}

/** The newest batches first, for the history's batch filter. */
export function recentBatches(db: Ledger, limit = 100): BatchSummary[] {
  return prepared<[number], BatchDbRow>(db, `${BATCH_SELECT} ORDER BY b.created_at DESC LIMIT ?`)
    .all(limit)
    .map(toSummary)
}
