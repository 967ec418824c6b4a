import type pg from 'pg'
import type { ProfileEnvironment } from '../../shared/domain/providers.ts'
import type { TeamHistoryRowView, TeamStoryEventView } from '../../shared/ipc/team-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'

/** One payout of the team's book as history shows it, with who prepared and who approved it. */
export type TeamHistoryRow = TeamHistoryRowView

/** Where the next page starts: after this payout, in newest-first order (its time to the microsecond). */
export interface HistoryCursor {
  atMicros: string
  id: string
}

export interface TeamHistoryQuery {
  status?: string
  /** A profile's name. */
  profile?: string
  /** Part of the reference, or of a field (a name, an account number). */
  search?: string
  after?: HistoryCursor
  limit?: number
}

const HISTORY_COLUMNS = `p.id, p.reference, pr.name AS profile,
         COALESCE(p.account->>'environment', pr.environment) AS environment, p.amount_minor::text AS amount_minor,
         p.currency, p.status, p.prepared_by, p.approved_by, p.gateway_status,
         floor(extract(epoch FROM p.created_at) * 1000)::float8 AS created_at,
         (extract(epoch FROM p.created_at) * 1000000)::bigint::text AS created_us`
const PAYOUTS_AND_PROFILES = 'FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id'
const HISTORY_ROW = `SELECT ${HISTORY_COLUMNS} ${PAYOUTS_AND_PROFILES}`

/** A history row as read, from the server or from a desk's copy (with the same column names). */
export interface HistoryColumns {
  id: string
  reference: string
  profile: string
  environment: ProfileEnvironment
  amount_minor: string | number
  currency: CurrencyCode
  status: string
  prepared_by: string
  approved_by: string | null
  gateway_status: string | null
  /** Milliseconds. */
  created_at: number
  /** Microseconds, for the next page's cursor. */
  created_us: string | number
}

export const historyRowOf = (r: HistoryColumns): TeamHistoryRow => ({
  id: r.id,
  reference: r.reference,
  profile: r.profile,
  environment: r.environment,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  status: r.status,
  preparedBy: r.prepared_by,
  approvedBy: r.approved_by,
  createdAt: r.created_at,
  gatewayStatus: r.gateway_status,
})

/** The person's text, found anywhere, taken literally (no wildcard of theirs). */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A page of `limit` from `limit + 1` rows read, and where the next starts when there is one. */
export function pageOf(rows: readonly HistoryColumns[], limit: number) {
  const last = rows[limit - 1]
  return {
    rows: rows.slice(0, limit).map(historyRowOf),
    next: rows.length > limit && last ? { atMicros: String(last.created_us), id: last.id } : null,
  }
}

/**
 * A page of the team's history, newest first, by keyset (a page deep in a million payouts costs what the
 * first one does). Each unused filter is a NULL the planner folds away, so the first page is read from
 * the newest end of `payouts_newest`.
 */
export async function teamHistoryPage(
  db: pg.Pool | pg.ClientBase,
  query: TeamHistoryQuery = {},
): Promise<{ rows: TeamHistoryRow[]; next: HistoryCursor | null }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 1_000)
  const { rows } = await db.query<HistoryColumns>(
    `${HISTORY_ROW}
      WHERE ($1::text IS NULL OR p.status = $1) AND ($2::text IS NULL OR pr.name = $2)
        AND ($3::text IS NULL OR p.reference ILIKE $3 OR p.fields::text ILIKE $3)
        AND ($4::bigint IS NULL
             OR (p.created_at, p.id) < ('epoch'::timestamptz + $4::bigint * interval '1 microsecond', $5::uuid))
      ORDER BY p.created_at DESC, p.id DESC LIMIT $6`,
    [
      query.status ?? null,
      query.profile ?? null,
      query.search ? likePattern(query.search) : null,
      query.after?.atMicros ?? null,
      query.after?.id ?? null,
      limit + 1,
    ],
  )
  return pageOf(rows, limit)
}

/** One payout's whole story: every event, with the person who caused it. */
export interface TeamPayoutStory {
  payout: TeamHistoryRow
  /** The payee's fields as written (the account it goes to, the name). */
  fields: Record<string, string>
  events: TeamStoryEventView[]
}

/**
 * A step as recorded, with the status it moved the payout to when it did: a transition's or a decision's
 * `to`, an answer's `said` (a late answer, or an observation, moved nothing).
 */
export function storyEventOf(e: {
  at: number
  kind: string
  person: string
  detail: unknown
}): TeamStoryEventView {
  const detail = (e.detail ?? {}) as { to?: unknown; said?: unknown }
  const to =
    e.kind === 'transition' || e.kind === 'decision' || e.kind === 'refused'
      ? detail.to
      : e.kind === 'answer'
        ? detail.said
        : null
  return { ...e, toStatus: typeof to === 'string' ? to : null }
}

/** The payouts under this reference (one per profile at most), each with its events, oldest first. */
export async function teamPayoutStories(
  db: pg.Pool | pg.ClientBase,
  reference: string,
): Promise<TeamPayoutStory[]> {
  const { rows } = await db.query<HistoryColumns & { fields: Record<string, string> }>(
    `SELECT ${HISTORY_COLUMNS}, p.fields ${PAYOUTS_AND_PROFILES} WHERE p.reference = $1 ORDER BY pr.name`,
    [reference],
  )
  const stories: TeamPayoutStory[] = []
  for (const row of rows) {
    const events = await db.query<{ at: number; kind: string; person: string; detail: unknown }>(
      `SELECT floor(extract(epoch FROM at) * 1000)::float8 AS at, kind, person, detail
         FROM payout_desk.payout_events WHERE payout_id = $1 ORDER BY seq`,
      [row.id],
    )
    stories.push({ payout: historyRowOf(row), fields: row.fields, events: events.rows.map(storyEventOf) })
  }
  return stories
}
