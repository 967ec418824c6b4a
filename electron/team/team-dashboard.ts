import type pg from 'pg'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { TeamDashboardProfile } from '../../shared/ipc/team-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'

type Environment = 'sandbox' | 'production'

/** A card's key: a profile's payouts in one kind of money (a profile moved to real money has two). */
interface Card {
  profile: string
  environment: Environment
  currency: CurrencyCode
}

/** A profile's payouts of one status written on one of the dashboard's days (its index, oldest first). */
export interface DayGroup extends Card {
  status: string
  day: number
  n: number
  amount: number
}

/** What waits for an owner's approval, however old. */
export interface AwaitingGroup extends Card {
  n: number
  amount: number
}

const isPayoutStatus = (s: string): s is PayoutStatus => (PAYOUT_STATUSES as readonly string[]).includes(s)

/**
 * The dashboard's cards from day groups: each day's counts, today's and the week's, and what was paid.
 * A card is a profile in one kind of money, each payout counted in its own (test money paid before an
 * owner moved the profile to real money is never added to real money). The week starts on one of the
 * days (a Monday of the last seven). What waits for approval is told apart, not counted among the
 * statuses a gateway gives. `profiles` are shown even without payouts.
 */
export function foldDashboard(
  profiles: readonly Card[],
  awaiting: Iterable<AwaitingGroup>,
  groups: Iterable<DayGroup>,
  dayStarts: readonly number[],
  weekStart: number,
): TeamDashboardProfile[] {
  const today = dayStarts.length - 1
  const cards = new Map<string, TeamDashboardProfile>()
  const cardOf = (c: Card) => {
    const key = `${c.profile}\u0000${c.environment}`
    let card = cards.get(key)
    if (!card)
      cards.set(
        key,
        (card = {
          name: c.profile,
          environment: c.environment,
          currency: c.currency,
          today: {},
          week: {},
          paidTodayMinor: 0,
          paidWeekMinor: 0,
          days: dayStarts.map((day) => ({ day, counts: {} })),
          awaitingApproval: { count: 0, totalMinor: 0 },
        }),
      )
    return card
  }
  const add = (counts: Partial<Record<PayoutStatus, number>>, status: PayoutStatus, n: number) => {
    counts[status] = (counts[status] ?? 0) + n
  }
  for (const p of profiles) cardOf(p)
  for (const a of awaiting) {
    const card = cardOf(a)
    card.awaitingApproval.count += a.n
    card.awaitingApproval.totalMinor += a.amount
  }
  for (const g of groups) {
    if (!isPayoutStatus(g.status)) continue
    const card = cardOf(g)
    const slot = card.days[g.day]
    if (!slot) continue
    add(slot.counts, g.status, g.n)
    const paid = g.status === 'succeeded' ? g.amount : 0
    if (g.day === today) {
      add(card.today, g.status, g.n)
      card.paidTodayMinor += paid
    }
    if (slot.day >= weekStart) {
      add(card.week, g.status, g.n)
      card.paidWeekMinor += paid
    }
  }
  return [...cards.values()].sort((a, b) =>
    a.name === b.name ? a.environment.localeCompare(b.environment) : a.name < b.name ? -1 : 1,
  )
}

/** A payout's kind of money: its own gateway account's, else (written before accounts were kept) its profile's. */
const PAYOUT_ENVIRONMENT = "COALESCE(p.account->>'environment', pr.environment)"

/**
 * The team's book at a glance over the window's last 30 local days: each profile's payouts by day and
 * status (read by the profile's day index, never the whole book), and what waits for approval.
 */
export async function teamDashboard(
  db: pg.Pool | pg.ClientBase,
  dayStarts: readonly number[],
  weekStart: number,
): Promise<TeamDashboardProfile[]> {
  const { rows: profiles } = await db.query<Card>(
    'SELECT name AS profile, environment, currency FROM payout_desk.profiles ORDER BY name',
  )
  const { rows: awaiting } = await db.query<Omit<AwaitingGroup, 'amount'> & { amount: string }>(
    `SELECT pr.name AS profile, ${PAYOUT_ENVIRONMENT} AS environment, p.currency, count(*)::int AS n,
            sum(p.amount_minor)::text AS amount
       FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
      WHERE p.status = 'awaiting_approval' GROUP BY 1, 2, 3`,
  )
  // width_bucket: how many of the day starts are at or before the payout's time (1 for the first day).
  const { rows: groups } = await db.query<Omit<DayGroup, 'amount'> & { amount: string }>(
    `SELECT pr.name AS profile, ${PAYOUT_ENVIRONMENT} AS environment, p.currency, p.status,
            width_bucket(extract(epoch FROM p.created_at) * 1000, $1::float8[]) - 1 AS day,
            count(*)::int AS n, sum(p.amount_minor)::text AS amount
       FROM payout_desk.profiles pr
       JOIN payout_desk.payouts p ON p.profile_id = pr.id AND p.created_at >= to_timestamp($2::float8 / 1000)
      GROUP BY 1, 2, 3, 4, 5`,
    [dayStarts, dayStarts[0] ?? 0],
  )
  return foldDashboard(
    profiles,
    awaiting.map((a) => ({ ...a, amount: Number(a.amount) })),
    groups.map((g) => ({ ...g, amount: Number(g.amount) })),
    dayStarts,
    weekStart,
  )
}
