import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { AppError } from '../errors.ts'
import type { EngineStore } from '../ledger/engine-store.ts'
import { planObservation } from '../ledger/observation-plan.ts'
import type { Observation } from '../ledger/payout-store.ts'
import { inTeamTransaction } from './team-batches.ts'
import { CLAIMED_SELECT, payoutSelect, toPayout, type PayoutRow } from './team-payout-rows.ts'
import { seconds, type TeamSendLeases } from './team-send-leases.ts'

/**
 * A payout's claim and the answers written about it on the team ledger, each under the epoch of the
 * profile's sending this desk holds (team migrations 3, 5 and 8).
 *
 * The engine judges an answer against the payout as stored. After a claim, this desk knows it as stored:
 * the claim returned the row, and which version of it (`seen`, team migration 8). An answer judged against
 * that row is written in one call that writes only while the row is still that version; when anybody
 * wrote the row meanwhile, the row is locked, read and the answer judged again in a transaction, as every
 * answer was before.
 */

/** How long a callback's answer holds the profile's sending when no send of this desk does. */
const CALLBACK_LEASE_MS = 30_000

const refusedAsStale = (error: unknown) => (error as { code?: string }).code === 'PD003'

/** What an observation and its plan say, as observe_payout reads them (its times in the server's clock). */
const planJson = (
  obs: Observation,
  plan: ReturnType<typeof planObservation>,
  stored: string,
  skew: number,
) => ({
  ...obs,
  ...plan,
  to: plan.to === 'draft' ? stored : plan.to,
  observed: obs.to,
  ...(typeof obs.nextCheckAt === 'number' ? { nextCheckAt: obs.nextCheckAt + skew } : {}),
})

type Observed = Parameters<EngineStore['observe']>[1]
type Answer = Parameters<EngineStore['observe']>[2]

export function teamAnswers(
  pool: pg.Pool,
  leases: TeamSendLeases,
  options: { desk: string; clockSkew: () => Promise<number> },
): Pick<EngineStore, 'claimForSubmit' | 'observe'> & { forget(id: string): void } {
  const { clockSkew } = options
  /** The row each payout this desk claimed was left as, until it is written again. */
  const claimed = new Map<string, { row: PayoutRow; seen: string }>()

  // A connection dropped mid-write fails the write, not the process (team-batches.ts).
  const inTransaction = <T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> =>
    inTeamTransaction(pool, work)

  async function claim(id: string, epoch: string, from: readonly string[], ms: number) {
    const { rows } = await pool.query<PayoutRow & { seen: string }>({
      name: 'payout-desk-claim',
      text: CLAIMED_SELECT,
      values: [id, epoch, from, seconds(ms)],
    })
    const row = rows[0]
    if (row) claimed.set(id, { row, seen: row.seen })
    return row ?? null
  }

  /** Judges the observation against `row` as stored, and writes it with `write`; what the engine is told. */
  async function judged(
    row: PayoutRow,
    observation: Observed,
    write: (plan: ReturnType<typeof planJson>) => Promise<boolean>,
  ) {
    const skew = await clockSkew()
    const current = toPayout(row, skew)
    const obs = typeof observation === 'function' ? observation(current) : observation
    const plan = planObservation(current, obs)
    if (!(await write(planJson(obs, plan, row.status, skew)))) return null
    return { from: current.status, to: plan.to, changed: plan.verdict === 'apply' }
  }

  /** Applies an observation under the epoch this desk holds the payout's profile's sending by. */
  async function observeUnder(id: string, epoch: string | undefined, observation: Observed, answer?: Answer) {
    const known = claimed.get(id)
    // Written again, by this call or by the one below: the version seen is no longer the row's.
    claimed.delete(id)
    if (known && epoch !== undefined) {
      const written = await judged(known.row, observation, async (plan) => {
        const { rows } = await pool.query<{ to: string | null }>({
          name: 'payout-desk-observe-seen',
          text: 'SELECT payout_desk.observe_seen($1, $2, $3, $4, $5) AS to',
          values: [id, epoch, known.seen, plan, answer ?? null],
        })
        return rows[0]?.to != null
      })
      if (written) return written
    }
    return inTransaction(async (c) => {
      const [row] = (await c.query<PayoutRow>(payoutSelect('payout_desk.lock_payout($1)'), [id])).rows
      if (!row) throw new Error(`payout ${id} vanished`)
      const written = await judged(row, observation, async (plan) => {
        await c.query('SELECT payout_desk.observe_answer($1, $2, $3, $4)', [
          id,
          epoch ?? null,
          plan,
          answer ?? null,
        ])
        return true
      })
      // observe_answer writes, or throws (refused: PD003, PD004): never nothing.
      if (!written) throw new Error(`payout ${id}: the answer was not written`)
      return written
    })
  }

  return {
    /** The payout's lease is released: what its claim left is not kept for later. */
    forget: (id) => void claimed.delete(id),
    async claimForSubmit(id, from, lease) {
      const epoch = leases.epochOf(id)
      if (epoch === undefined) return null
      try {
        const row = await claim(id, epoch, from, lease.ms)
        return row ? toPayout(row, await clockSkew()) : null
      } catch (error) {
        if (refusedAsStale(error)) return null
        throw error
      }
    },

    /**
     * What a gateway said, written only under the profile's sending (team migration 5). A callback arrives
     * outside any send of this desk: it joins this desk's sending of the profile, or takes it for the
     * moment; while another desk holds it, it is refused (the gateway calls back again, and that desk asks
     * anyway).
     */
    async observe(id, observation, answer) {
      const epoch = leases.epochOf(id)
      if (epoch !== undefined) return observeUnder(id, epoch, observation, answer)
      const holder = `callback:${randomUUID()}`
      if (!(await leases.take(id, options.desk, CALLBACK_LEASE_MS, holder)))
        throw new AppError('CONFLICT', { key: 'teamSendingElsewhere' })
      try {
        return await observeUnder(id, leases.epochOf(holder), observation, answer)
      } finally {
        await leases.release(holder)
      }
    },
  }
}
