import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { DashboardProfile, DashboardView } from '../../shared/ipc/history-contract.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { cachedBalance } from './balances-repo.ts'
import type { Ledger } from './open-ledger.ts'
import { listProfiles } from './profiles-repo.ts'
import { prepared } from './statements.ts'

const ATTENTION: readonly PayoutStatus[] = ['failed', 'unknown', 'needs_review']

type Counts = Partial<Record<PayoutStatus, number>>

const add = (counts: Counts, status: PayoutStatus, n: number) => {
  counts[status] = (counts[status] ?? 0) + n
}

/** The quarter of an hour the ledger's dashboard sums are kept by (migration 0012): every midnight is on one. */
export const BUCKET_MS = 900_000

interface Group {
  at: number
  status: PayoutStatus
  n: number
  amount: number
}

/**
 * A profile's payouts since `since` grouped by time and status: from the kept quarter-hour sums when every
 * boundary the dashboard asks about falls on a quarter hour (the window's local midnights always do),
 * else from the payouts themselves, by the minute.
 */
function groupsOf(db: Ledger, profileId: string, since: number, aligned: boolean): Iterable<Group> {
  if (aligned)
    return prepared<[string, number], Group>(
      db,
      `/* dashboard.buckets */ SELECT bucket * ${BUCKET_MS} AS at, status, n, amount
         FROM payout_buckets WHERE profile_id = ? AND bucket >= ? AND n > 0`,
    ).iterate(profileId, Math.floor(since / BUCKET_MS))
  return prepared<[string, number], Group>(
    db,
    `/* dashboard.minutes */ SELECT (created_at / 60000) * 60000 AS at, status, count(*) AS n,
            sum(amount_minor) AS amount
       FROM payouts WHERE profile_id = ? AND created_at >= ? GROUP BY created_at / 60000, status`,
  ).iterate(profileId, since)
}

type AttentionRow = DashboardView['attention'][number]

const ATTENTION_COLUMNS = `p.id, p.reference, pr.name AS profileName, pr.environment,
    p.beneficiary_name AS beneficiaryName, p.amount_minor AS amountMinor, p.currency, p.status,
    p.created_at AS createdAt, p.last_error AS lastError`
const NOT_RETRIED = 'NOT EXISTS (SELECT 1 FROM payouts r WHERE r.retry_of = p.id)'

/**
 * The newest 20 payouts needing attention since `first`, and how many there are. The rows: the newest 20
 * of each status, by its index, then merged. The total: from the kept sums less those paid again, when
 * `first` is on a quarter hour; else counted.
 */
function attentionSince(db: Ledger, first: number, aligned: boolean) {
  const rows = ATTENTION.flatMap((status) =>
    prepared<[string, number], AttentionRow>(
      db,
      `/* dashboard.attention */ SELECT ${ATTENTION_COLUMNS}
         FROM payouts p JOIN profiles pr ON pr.id = p.profile_id
        WHERE p.status = ? AND p.created_at >= ? AND ${NOT_RETRIED}
        ORDER BY p.created_at DESC LIMIT 20`,
    ).all(status, first),
  )
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .slice(0, 20)
  const list = JSON.stringify(ATTENTION)
  const total = aligned
    ? (prepared(
        db,
        `/* dashboard.attention-total */ SELECT
           (SELECT coalesce(sum(b.n), 0) FROM profiles pr JOIN payout_buckets b ON b.profile_id = pr.id
             WHERE b.bucket >= @bucket AND b.status IN (SELECT value FROM json_each(@list)))
         - (SELECT count(DISTINCT p.id) FROM payouts r JOIN payouts p ON p.id = r.retry_of
             WHERE p.status IN (SELECT value FROM json_each(@list)) AND p.created_at >= @first)`,
      )
        .pluck()
        .get({ bucket: first / BUCKET_MS, list, first }) as number)
    : (prepared(
        db,
        `/* dashboard.attention-count */ SELECT count(*) FROM payouts p
          WHERE p.status IN (SELECT value FROM json_each(?)) AND p.created_at >= ? AND ${NOT_RETRIED}`,
      )
        .pluck()
        .get(list, first) as number)
  return { rows, total }
}

/**
 * What the dashboard shows, from the ledger alone (works offline). Days are the window's local days,
 * given as their start times, so a payout at 23:30 counts on the day the person lived it.
 */
export function dashboard(
  db: Ledger,
  dayStarts: readonly number[],
  weekStart: number,
  /** 'payouts' counts the payouts themselves even where the kept sums would do (tests compare both). */
  from: 'sums' | 'payouts' = 'sums',
): DashboardView {
  const first = dayStarts[0] ?? 0
  const todayStart = dayStarts.at(-1) ?? 0
  const since = Math.min(first, weekStart)
  const aligned = from === 'sums' && [...dayStarts, weekStart].every((t) => t % BUCKET_MS === 0)
  const profiles: DashboardProfile[] = []
  for (const p of listProfiles(db)) {
    const shape = payoutShape(p.provider, p.area)
    if (!shape) continue
    const days = dayStarts.map((day) => ({ day, counts: {} }))
    const today: Counts = {}
    const week: Counts = {}
    let paidTodayMinor = 0
    let paidWeekMinor = 0
    for (const g of groupsOf(db, p.id, since, aligned)) {
      const at = g.at
      let i = days.length - 1
      while (i >= 0 && (days[i]?.day ?? 0) > at) i--
      const slot = days[i]
      if (slot) add(slot.counts, g.status, g.n)
      if (at >= todayStart) {
        add(today, g.status, g.n)
        if (g.status === 'succeeded') paidTodayMinor += g.amount
      }
      if (at >= weekStart) {
        add(week, g.status, g.n)
        if (g.status === 'succeeded') paidWeekMinor += g.amount
      }
    }
    const balance = cachedBalance(db, p.id)
    profiles.push({
      profileId: p.id,
      name: p.name,
      provider: p.provider,
      environment: p.environment,
      currency: shape.currency,
      balance: balance
        ? {
            availableMinor: balance.availableMinor,
            availableDecimal: balance.availableDecimal,
            gatewayValue: balance.gatewayValue,
            fetchedAt: balance.fetchedAt,
          }
        : null,
      today,
      week,
      paidTodayMinor,
      paidWeekMinor,
      days,
    })
  }
  const { rows: attention, total: attentionTotal } = attentionSince(db, first, aligned)
  return { profiles, attention, attentionTotal }
}
