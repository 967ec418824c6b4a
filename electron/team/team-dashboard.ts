import type pg from 'pg'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { TeamDashboardProfile } from '../../shared/ipc/team-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'

/** A profile's payouts of one status written on one of the dashboard's days (its index, oldest first). */
export interface DayGroup {
  profile: string
  status: string
  day: number
  n: number
  amount: number
}

/** A profile as the dashboard names it, with what waits for an owner's approval. */
export interface DashboardProfileHead {
  name: string
  environment: 'sandbox' | 'production'
  currency: CurrencyCode
  awaitingCount: number
  awaitingMinor: number
}

const isPayoutStatus = (s: string): s is PayoutStatus => (PAYOUT_STATUSES as readonly string[]).includes(s)

/**
 * The dashboard's figures from day groups: each day's counts, today's and the week's, and what was paid.
 * The week starts on one of the days (a Monday of the last seven). What waits for approval is told
 * apart, not counted among the statuses a gateway gives.
 */
export function foldDashboard(
  heads: readonly DashboardProfileHead[],
  groups: Iterable<DayGroup>,
  dayStarts: readonly number[],
  weekStart: number,
): TeamDashboardProfile[] {
  const today = dayStarts.length - 1
  const byName = new Map<string, TeamDashboardProfile>(
    heads.map((h) => [
      h.name,
      {
        name: h.name,
        environment: h.environment,
        currency: h.currency,
        today: {},
        week: {},
        paidTodayMinor: 0,
        paidWeekMinor: 0,
        days: dayStarts.map((day) => ({ day, counts: {} })),
        awaitingApproval: { count: h.awaitingCount, totalMinor: h.awaitingMinor },
      },
    ]),
  )
  const add = (counts: Partial<Record<PayoutStatus, number>>, status: PayoutStatus, n: number) => {
    counts[status] = (counts[status] ?? 0) + n
  }
  for (const g of groups) {
    const p = byName.get(g.profile)
    const slot = p?.days[g.day]
    if (!p || !slot || !isPayoutStatus(g.status)) continue
    add(slot.counts, g.status, g.n)
    const paid = g.status === 'succeeded' ? g.amount : 0
    if (g.day === today) {
      add(p.today, g.status, g.n)
      p.paidTodayMinor += paid
    }
    if (slot.day >= weekStart) {
      add(p.week, g.status, g.n)
      p.paidWeekMinor += paid
    }
  }
  return [...byName.values()]
}

/**
 * The team's book at a glance over the window's last 30 local days: each profile's payouts by day and
 * status (read by the profile's day index, never the whole book), and what waits for approval.
 */
export async function teamDashboard(
  db: pg.Pool | pg.ClientBase,
  dayStarts: readonly number[],
  weekStart: number,
): Promise<TeamDashboardProfile[]> {
  const { rows: heads } = await db.query<DashboardProfileHead & { awaitingMinor: string }>(
    `SELECT pr.name, pr.environment, pr.currency, a.n AS "awaitingCount", a.total AS "awaitingMinor"
       FROM payout_desk.profiles pr,
            LATERAL (SELECT count(*)::int AS n, COALESCE(sum(w.amount_minor), 0)::text AS total
                       FROM payout_desk.payouts w
                      WHERE w.profile_id = pr.id AND w.status = 'awaiting_approval') a
      ORDER BY pr.name`,
  )
  // width_bucket: how many of the day starts are at or before the payout's time (1 for the first day).
  const { rows: groups } = await db.query<Omit<DayGroup, 'amount'> & { amount: string }>(
    `SELECT pr.name AS profile, p.status,
            width_bucket(extract(epoch FROM p.created_at) * 1000, $1::float8[]) - 1 AS day,
            count(*)::int AS n, sum(p.amount_minor)::text AS amount
       FROM payout_desk.profiles pr
       JOIN payout_desk.payouts p ON p.profile_id = pr.id AND p.created_at >= to_timestamp($2::float8 / 1000)
      GROUP BY 1, 2, 3`,
    [dayStarts, dayStarts[0] ?? 0],
  )
  return foldDashboard(
    heads.map((h) => ({ ...h, awaitingMinor: Number(h.awaitingMinor) })),
    groups.map((g) => ({ ...g, amount: Number(g.amount) })),
    dayStarts,
    weekStart,
  )
}
