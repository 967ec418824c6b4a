import { randomUUID } from 'node:crypto'
import pg from 'pg'
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
/**
 * The server refused the statement: it ran in a transaction of its own, so nothing of it was written.
 * Told by the error's code, never by its severity's words (a server speaking German says FEHLER): a lost
 * connection (08), the server ending it or going down (57P), a system error (58) or an internal one (XX)
 * may come after the commit, and a connection that failed without a word tells nothing at all.
 */
const refusedWhole = (error: unknown) =>
  error instanceof pg.DatabaseError && typeof error.code === 'string' && !/^(08|57P|58|XX)/.test(error.code)

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
type Claimed = PayoutRow & { seen: string }

/**
 * An answer and the next payout's claim in one call and one transaction: the answer first (a lateral
 * join reads its one row before the claim runs), and the claim whatever the answer found. A statement
 * either runs whole or writes nothing. It waits at most a second for a row another holds (the next
 * payout's, say, in a person's open transaction): the answer is not kept waiting on another payout; the
 * refusal (55P03) has both done alone, each waiting as long as it takes, as before.
 */
const OBSERVE_THEN_CLAIM = `
  WITH waits AS MATERIALIZED (SELECT set_config('lock_timeout', '1s', true)),
  answered AS MATERIALIZED (SELECT payout_desk.observe_seen($5, $6, $7, $8, $9) AS written FROM waits)
  SELECT a.written AS answered_to, c.* FROM answered a LEFT JOIN LATERAL (${CLAIMED_SELECT}) c ON true`

/**
 * A claim waiting to be made. `settle` is its one outcome: the first call makes the claim (or says it was
 * not made), any later one does nothing.
 */
interface Rider {
  id: string
  epoch: string
  from: readonly string[]
  ms: number
  settle: (claim: () => Promise<Claimed | null>) => void
}

/**
 * A payout's claim waiting to go along with the answer of the payout sent before it (claimAfter); it waits
 * while it is that payout's entry in ridesAfter, and goes alone once it is not.
 */
interface Ride {
  after: string
  /** The claim, once the engine asks for it. */
  rider?: Rider
}

export function teamAnswers(
  pool: pg.Pool,
  leases: TeamSendLeases,
  options: { desk: string; clockSkew: () => Promise<number> },
): Pick<EngineStore, 'claimForSubmit' | 'observe'> &
  Required<Pick<EngineStore, 'claimAfter' | 'dropWaitingClaims'>> & { forget(id: string): void } {
  const { clockSkew } = options
  /** The row each payout this desk claimed was left as, until it is written again. */
  const claimed = new Map<string, { row: PayoutRow; seen: string }>()
  /** Rides, by the payout whose answer they wait for, and by the payout they would claim. */
  const ridesAfter = new Map<string, Ride>()
  const rideOf = new Map<string, Ride>()

  // A connection dropped mid-write fails the write, not the process (team-batches.ts).
  const inTransaction = <T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> =>
    inTeamTransaction(pool, work)

  async function claim(id: string, epoch: string, from: readonly string[], ms: number) {
    const { rows } = await pool.query<PayoutRow & { seen: string }>({
      name: 'payout-desk-claim',
      text: CLAIMED_SELECT,
      values: [id, epoch, from, seconds(ms)],
    })
    return keepClaimed(id, rows[0])
  }

  function keepClaimed(id: string, row: Claimed | undefined) {
    if (row) claimed.set(id, { row, seen: row.seen })
    return row ?? null
  }

  /** The claim waiting for `after`'s answer, taken off to go now; undefined when none waits. */
  function rideAway(after: string) {
    const ride = ridesAfter.get(after)
    if (!ride) return undefined
    ridesAfter.delete(after)
    // Settled by whoever took it: the end of the payout before must not claim it again.
    const { rider } = ride
    ride.rider = undefined
    return rider
  }
  const goAlone = (rider: Rider) => rider.settle(() => claim(rider.id, rider.epoch, rider.from, rider.ms))

  /**
   * Writes the answer, with the claim of the payout waiting for it in the same call. A statement the
   * server refused wrote nothing: both are then done alone, as without a ride. A call whose connection
   * failed may have written both or neither: the answer and the claim fail as lone ones would (a claim
   * made unheard leaves the payout `submitting` with no request sent, for the next recovery to ask about).
   */
  async function answerThenClaim(
    rider: Rider,
    answer: unknown[],
    alone: () => Promise<boolean>,
  ): Promise<boolean> {
    let row: (Claimed & { answered_to: string | null }) | undefined
    try {
      ;({
        rows: [row],
      } = await pool.query<Claimed & { answered_to: string | null }>({
        name: 'payout-desk-observe-then-claim',
        text: OBSERVE_THEN_CLAIM,
        values: [rider.id, rider.epoch, rider.from, seconds(rider.ms), ...answer],
      }))
    } catch (error) {
      if (!refusedWhole(error)) {
        rider.settle(() => Promise.reject(error instanceof Error ? error : new Error(String(error))))
        throw error
      }
      goAlone(rider)
      return alone()
    }
    const taken = keepClaimed(rider.id, row?.id ? row : undefined)
    rider.settle(() => Promise.resolve(taken))
    return row?.answered_to != null
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
      const rider = rideAway(id)
      const written = await judged(known.row, observation, async (plan) => {
        const values = [id, epoch, known.seen, plan, answer ?? null]
        const alone = async () => {
          const { rows } = await pool.query<{ to: string | null }>({
            name: 'payout-desk-observe-seen',
            text: 'SELECT payout_desk.observe_seen($1, $2, $3, $4, $5) AS to',
            values,
          })
          return rows[0]?.to != null
        }
        return rider ? answerThenClaim(rider, values, alone) : alone()
      }).catch((error: unknown) => {
        // Whatever threw (judging it, the clock's read, the call): the claim waits no longer; one the call
        // already made or failed stays as it is (a claim is settled once).
        if (rider) goAlone(rider)
        throw error
      })
      if (written) return written
    }
    // Written in a transaction of its own, or not at all: a claim waiting for it goes now.
    const rider = rideAway(id)
    if (rider) goAlone(rider)
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
    dropWaitingClaims() {
      for (const ride of ridesAfter.values()) ride.rider?.settle(() => Promise.resolve(null))
      ridesAfter.clear()
      rideOf.clear()
    },
    claimAfter(id, after, afterDone) {
      // One ride per payout either side: another send on this store (or a payout listed twice) claims alone.
      if (ridesAfter.has(after) || rideOf.has(id) || id === after) return
      const ride: Ride = { after }
      ridesAfter.set(after, ride)
      rideOf.set(id, ride)
      const over = () => {
        if (ridesAfter.get(after) === ride) ridesAfter.delete(after)
        if (rideOf.get(id) === ride) rideOf.delete(id)
        if (ride.rider) goAlone(ride.rider)
      }
      void afterDone.then(over, over)
    },
    async claimForSubmit(id, from, lease) {
      const ride = rideOf.get(id)
      rideOf.delete(id)
      const epoch = leases.epochOf(id)
      if (epoch === undefined) return null
      try {
        const row =
          ride && ridesAfter.get(ride.after) === ride
            ? await new Promise<Claimed | null>((resolve, reject) => {
                let settled = false
                ride.rider = {
                  id,
                  epoch,
                  from,
                  ms: lease.ms,
                  settle(make) {
                    if (settled) return
                    settled = true
                    make().then(resolve, reject)
                  },
                }
              })
            : await claim(id, epoch, from, lease.ms)
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
