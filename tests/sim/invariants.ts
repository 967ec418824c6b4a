import Database from 'better-sqlite3'
import { isFinalStatus, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import { actionsFor } from '../../electron/payouts/attention-queue.ts'
import { loadPayout } from '../../electron/ledger/payout-store.ts'
import { finalPhase, GatewayBooks, type GatewayOrder, type Phase } from './gateway-books.ts'

/**
 * An answer is only "owed" to the ledger if no process was killed between its question's arrival and
 * this long after the answer left (the killed one may have been the asker).
 */
export const WRITE_GRACE_MS = 2_000

interface Row {
  id: string
  provider: ProviderId
  reference: string
  status: PayoutStatus
  attention: string | null
  amount_minor: number
  retry_of: string | null
  created_at: number
  next_check_at: number | null
  held_for: string | null
}

/** What the gateway's final word on an order means in the ledger's words. */
const AGREES: Record<Phase | 'none', readonly PayoutStatus[]> = {
  succeeded: ['succeeded'],
  failed: ['failed'],
  review: ['needs_review'],
  pending: ['processing'],
  // Never taken: it was refused, or a person cancelled it (a failed order is not money out either).
  none: ['rejected', 'cancelled', 'failed'],
}

function count<T>(items: readonly T[]): Map<T, number> {
  const m = new Map<T, number>()
  for (const item of items) m.set(item, (m.get(item) ?? 0) + 1)
  return m
}

/**
 * The simulation's invariants over a settled schedule; each broken one is a line saying which payout
 * and how. `killedAt` are the SIGKILL times (answers sent just before one may honestly be lost).
 */
export function checkInvariants(
  ledgerFile: string,
  books: GatewayBooks,
  killedAt: readonly number[],
): string[] {
  const broken: string[] = []
  const db = new Database(ledgerFile)
  try {
    db.pragma('busy_timeout = 5000')
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') broken.push(`integrity_check: ${String(integrity)}`)
    const rows = db
      .prepare(
        'SELECT id, provider, reference, status, attention, amount_minor, retry_of, created_at, next_check_at, held_for FROM payouts',
      )
      .all() as Row[]
    const byRef = new Map(rows.map((r) => [GatewayBooks.key(r.provider, r.reference), r]))
    const byId = new Map(rows.map((r) => [r.id, r]))

    // 1. At most one gateway order per ledger payout; every order is one the ledger wrote, for its amount.
    for (const [key, orders] of books.orders) {
      const row = byRef.get(key)
      if (!row) broken.push(`${key}: the gateway has an order the ledger does not know`)
      if (orders.length > 1)
        broken.push(
          `${key}: PAID TWICE — ${orders.length} orders at the gateway for one reference (${orders.map((o) => o.gatewayId).join(', ')})`,
        )
      for (const o of orders)
        if (row && o.amountMinor !== row.amount_minor)
          broken.push(`${key}: the gateway took ${o.amountMinor} for a payout of ${row.amount_minor}`)
    }
    // …and at most one paid order per payout and its retries (a retry is a new reference).
    const root = (r: Row): Row => (r.retry_of && byId.get(r.retry_of) ? root(byId.get(r.retry_of) as Row) : r)
    const lineages = new Map<string, Row[]>()
    for (const r of rows) lineages.set(root(r).id, [...(lineages.get(root(r).id) ?? []), r])
    for (const members of lineages.values()) {
      // One paid order per payout at most is checked above; here, per payout and its retries.
      const paid = members.flatMap((m) => {
        const o = books.ordersOf(m.provider, m.reference).find((x) => finalPhase(x) !== 'failed')
        return o ? [{ m, o }] : []
      })
      if (paid.length < 2) continue
      // Excused only when the gateway itself said "failed" for the earlier one before it was paid again
      // (then that payout must be in front of a person with the contradiction).
      const [first, ...later] = paid.sort((a, b) => a.o.takenAt - b.o.takenAt) as [
        { m: Row; o: GatewayOrder },
        ...{ m: Row; o: GatewayOrder }[],
      ]
      const saidFailed = first.o.timeline.some(
        (s) => s.phase === 'failed' && later.every((l) => s.at < l.m.created_at),
      )
      if (!saidFailed || !first.m.attention)
        broken.push(
          `${first.m.reference}: PAID TWICE — also as ${later.map((l) => l.m.reference).join(', ')} (a retry of a payout the gateway ${saidFailed ? 'had reported failed, but no person was asked' : 'never failed'})`,
        )
    }

    for (const r of rows) {
      const label = `${r.provider}/${r.reference} (${r.status}${r.attention ? `, attention ${r.attention}` : ''})`
      const order = books.ordersOf(r.provider, r.reference)[0]
      const truth: Phase | 'none' = order ? finalPhase(order) : 'none'
      // 2. A final state that disagrees with the gateway's books must be in front of a person.
      if (isFinalStatus(r.status) && !AGREES[truth].includes(r.status) && !r.attention)
        broken.push(`${label}: FINAL STATE LIES — the gateway's books say ${truth}`)
      // 3. Every payout is final, or waits for a person who has something to do (a decision, or the
      // owner's release of what went over a limit).
      const awaitingRelease = r.status === 'draft' && r.held_for !== null
      if (r.attention) {
        const payout = loadPayout(db, r.id)
        if (payout && actionsFor(payout).length === 0)
          broken.push(`${label}: in the attention queue with no action a person can take`)
      } else if (!isFinalStatus(r.status) && !awaitingRelease)
        broken.push(
          `${label}: STUCK — not final and not in the attention queue (gateway: ${truth}; next check ${r.next_check_at === null ? 'none' : `in ${r.next_check_at - Date.now()} ms`})`,
        )
    }

    // 4. No answer missing from the events: every create or status answer the gateway wrote (to a
    // process that lived on), and every callback it got acknowledged.
    const events = db
      .prepare(
        "SELECT payout_id AS id, kind, detail_json AS detail FROM payout_events WHERE kind IN ('create', 'query', 'callback')",
      )
      .all() as { id: string; kind: string; detail: string }[]
    const recorded = new Map<string, string[]>()
    for (const e of events) {
      const row = byId.get(e.id)
      if (!row) continue
      const detail = JSON.parse(e.detail) as {
        body?: string
        exchange?: { response: { body: string } | null }
      }
      const body = e.kind === 'callback' ? detail.body : detail.exchange?.response?.body
      if (body === undefined) continue
      const key = `${GatewayBooks.key(row.provider, row.reference)} ${e.kind === 'callback' ? 'callback' : 'answer'}`
      recorded.set(key, [...(recorded.get(key) ?? []), body])
    }
    const owed = new Map<string, string[]>()
    const owe = (key: string, body: string) => owed.set(key, [...(owed.get(key) ?? []), body])
    for (const a of books.answers) {
      const lostHonestly = killedAt.some((k) => k >= a.askedAt - 100 && k <= a.at + WRITE_GRACE_MS)
      if (!lostHonestly) owe(`${GatewayBooks.key(a.provider, a.reference)} answer`, a.body)
    }
    // A callback delivered twice (a gateway's retry) is one callback: the ledger keeps it once and
    // answers the repeat without a write (callback_digests).
    const delivered = new Set<string>()
    for (const d of books.deliveries) {
      const key = `${GatewayBooks.key(d.provider, d.reference)} callback`
      if (!d.acknowledged || delivered.has(`${key} ${d.body}`)) continue
      delivered.add(`${key} ${d.body}`)
      owe(key, d.body)
    }
    for (const [key, bodies] of owed) {
      const have = count(recorded.get(key) ?? [])
      for (const [body, n] of count(bodies))
        if ((have.get(body) ?? 0) < n)
          broken.push(
            `${key} DROPPED — the gateway sent ${n}× ${body.slice(0, 160)} but the ledger has ${have.get(body) ?? 0}`,
          )
    }
  } finally {
    db.close()
  }
  return broken
}
