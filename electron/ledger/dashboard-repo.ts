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

/**
 * What the dashboard shows, from the ledger alone (works offline). Days are the window's local days,
 * given as their start times, so a payout at 23:30 counts on the day the person lived it.
 */
export function dashboard(db: Ledger, dayStarts: readonly number[], weekStart: number): DashboardView {
  const first = dayStarts[0] ?? 0
  const todayStart = dayStarts.at(-1) ?? 0
  const since = Math.min(first, weekStart)
  const profiles: DashboardProfile[] = []
  for (const p of listProfiles(db)) {
    const shape = payoutShape(p.provider, p.area)
    if (!shape) continue
    const days = dayStarts.map((day) => ({ day, counts: {} }))
    const today: Counts = {}
    const week: Counts = {}
    let paidTodayMinor = 0
    let paidWeekMinor = 0
    // Grouped by the minute in SQL, then placed on local days here: at most 43,200 groups a month.
    const groups = prepared<
      [string, number],
      { minute: number; status: PayoutStatus; n: number; amount: number }
    >(
      db,
      `SELECT created_at / 60000 AS minute, status, count(*) AS n, sum(amount_minor) AS amount
         FROM payouts WHERE profile_id = ? AND created_at >= ? GROUP BY minute, status`,
    ).iterate(p.id, since)
    for (const g of groups) {
      const at = g.minute * 60_000
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
  // The total comes with the first 20 rows (a window count is taken before LIMIT), so one query does both.
  const rows = prepared<[string, number], DashboardView['attention'][number] & { total: number }>(
    db,
    `SELECT p.id, p.reference, pr.name AS profileName, pr.environment, p.beneficiary_name AS beneficiaryName,
        p.amount_minor AS amountMinor, p.currency, p.status, p.created_at AS createdAt, p.last_error AS lastError,
        count(*) OVER () AS total
       FROM payouts p JOIN profiles pr ON pr.id = p.profile_id
       WHERE p.status IN (SELECT value FROM json_each(?)) AND p.created_at >= ?
         AND NOT EXISTS (SELECT 1 FROM payouts r WHERE r.retry_of = p.id)
       ORDER BY p.created_at DESC LIMIT 20`,
  ).all(JSON.stringify(ATTENTION), first)
  const attentionTotal = rows[0]?.total ?? 0
  const attention: DashboardView['attention'] = rows
  for (const row of rows) Reflect.deleteProperty(row, 'total')
  return { profiles, attention, attentionTotal }
}
