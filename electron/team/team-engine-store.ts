import { createHash, randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import type { EngineStore } from '../ledger/engine-store.ts'
import { sameAccount, type GatewayAccount } from '../ledger/gateway-account.ts'
import { ownerIsGone } from '../ledger/leases.ts'
import { planObservation } from '../ledger/observation-plan.ts'
import type { AttentionDetail, EnginePayout, Observation } from '../ledger/payout-store.ts'
import { profileOfRow, type ProfileRow } from '../ledger/profiles-repo.ts'
import { REJECTION_PREFIX_CHARS } from '../ledger/rejection-limits.ts'
import { inTeamTransaction } from './team-batches.ts'

/**
 * The engine's store on the team ledger (team migrations 2 and 3): the same sending rules as on a desk's
 * own ledger, kept by PostgreSQL. What differs is how a payout is held while a desk talks to its gateway:
 * the engine asks for a payout's lease, and gets its profile's send lease (one desk sends for a profile at
 * a time) with that lease's epoch. The desk's claims are made, and its answers written, under that epoch
 * only: once another desk has taken the profile's sending over (this one hung or lost the server), what
 * this one says is refused (PD003), and its exchanges are only kept in the payout's log.
 * Every write is one of the schema's functions, as the connected person: nothing here can do more than
 * that person could with `psql`.
 */

/** The engine's payout, read from `source` (the table, or a function returning its rows) as `p`. */
const payoutSelect = (source = 'payout_desk.payouts') => `
  SELECT p.id, p.profile_id, p.reference, p.amount_minor::text AS amount_minor, p.currency, p.fields,
         p.status, p.gateway_id, p.acknowledged, p.attempts, p.check_failures, p.resends, p.attention,
         p.attention_detail, p.amount_ruling, p.version, p.account, pr.provider, pr.area,
         floor(extract(epoch FROM p.last_attempt_at) * 1000)::float8 AS last_attempt_at,
         floor(extract(epoch FROM p.attention_at) * 1000)::float8 AS attention_at,
         floor(extract(epoch FROM p.created_at) * 1000)::float8 AS created_at
    FROM ${source} p JOIN payout_desk.profiles pr ON pr.id = p.profile_id`
const PAYOUT_SELECT = payoutSelect()

interface PayoutRow {
  id: string
  profile_id: string
  reference: string
  amount_minor: string
  currency: CurrencyCode
  fields: Record<string, string>
  status: PayoutStatus | 'awaiting_approval'
  gateway_id: string | null
  acknowledged: boolean
  attempts: number
  check_failures: number
  resends: number
  attention: EnginePayout['attention']
  attention_detail: AttentionDetail | null
  amount_ruling: string | null
  version: number
  account: GatewayAccount | null
  provider: ProviderId
  area: string
  last_attempt_at: number | null
  attention_at: number | null
  created_at: number
}

/** A payout as the engine reads it; the server's times moved into this desk's clock by `skew`. */
function toPayout(r: PayoutRow, skew: number): EnginePayout {
  const local = (at: number | null) => (at === null ? null : at - skew)
  const provider = r.account?.provider ?? r.provider
  const payee = payeeOf(provider, r.account?.area ?? r.area, r.fields)
  return {
    id: r.id,
    profileId: r.profile_id,
    provider,
    reference: r.reference,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    fields: r.fields,
    // Waiting for an owner's approval is the team's held: never sent, as a draft of the desk's own ledger.
    status: r.status === 'awaiting_approval' ? 'draft' : r.status,
    gatewayId: r.gateway_id,
    acknowledged: r.acknowledged,
    attempts: r.attempts,
    checkFailures: r.check_failures,
    batchId: null,
    lastAttemptAt: local(r.last_attempt_at),
    resends: r.resends,
    attention: r.attention,
    attentionAt: local(r.attention_at),
    attentionDetail: r.attention_detail,
    amountRuling: r.amount_ruling,
    version: r.version,
    account: r.account,
    createdAt: r.created_at - skew,
    beneficiaryName: payee.name,
    accountNo: payee.accountNo,
  }
}

/** How long a callback's answer holds the profile's sending when no send of this desk does. */
const CALLBACK_LEASE_MS = 30_000

const digestOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const seconds = (ms: number) => Math.min(600, Math.max(1, Math.ceil(ms / 1000)))
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

export interface TeamStoreOptions {
  /**
   * The profiles this desk sends for (it holds their secrets): recovery and sending look only at theirs.
   * Without it, every profile's. A desk that cannot ask a gateway must not take its profile's sending
   * even for a moment, or the desk that can would find it busy.
   */
  sendsFor?: () => Promise<readonly string[]>
  /**
   * This desk's sender key for a profile (team/sender-key.ts), or null without its secret: the team ledger
   * hands a profile's sending only to a desk showing it (team migration 5).
   */
  senderKey: (profileId: string) => Promise<string | null>
  /** This desk's name in the send leases: the engine's lease owner, so an answer joins its sending. */
  desk: string
  /** This desk's clock (the engine's). */
  now?: () => number
}

export function teamEngineStore(pool: pg.Pool, options: TeamStoreOptions): EngineStore {
  /**
   * The profile's send lease this desk holds, the payouts it holds it for, and until when (this desk's
   * clock, counted from before it asked: never later than the server's).
   */
  const leases = new Map<string, { epoch: string; ids: Set<string>; until: number }>()
  /**
   * One lease operation per profile at a time: a release (the desk's last payout of the profile done)
   * running beside a take would end the lease just taken, and the desk would fence out its own answers.
   */
  const queues = new Map<string, Promise<unknown>>()
  function serially<T>(profileId: string, work: () => Promise<T>): Promise<T> {
    const run = (queues.get(profileId) ?? Promise.resolve()).then(work, work)
    const tail = run.catch(() => undefined)
    queues.set(profileId, tail)
    void tail.then(() => queues.get(profileId) === tail && queues.delete(profileId))
    return run
  }
  /** The epoch each payout this desk works on was taken under; absent when not under a lease. */
  const epochOf = new Map<string, string>()
  const profileOf = new Map<string, string>()

  const inTransaction = <T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> =>
    inTeamTransaction(pool, work)

  /**
   * How far the server's clock is ahead of this desk's, measured once. The server stamps a payout's claim;
   * any desk may judge later whether ten minutes have passed since, and a desk whose clock runs eight
   * minutes fast would otherwise send again what may still be arriving at the gateway.
   */
  const now = options.now ?? Date.now
  let skewAt: Promise<number> | undefined
  function clockSkew(): Promise<number> {
    skewAt ??= (async () => {
      const before = now()
      const { rows } = await pool.query<{ at: number }>(
        'SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::float8 AS at',
      )
      const after = now()
      return (rows[0]?.at ?? after) - (before + after) / 2
    })().catch((error: unknown) => {
      skewAt = undefined
      throw error
    })
    return skewAt
  }

  async function payoutOn(c: pg.Pool | pg.PoolClient, where: string, params: unknown[]) {
    const skew = await clockSkew()
    const { rows } = await c.query<PayoutRow>(`${PAYOUT_SELECT} WHERE ${where}`, params)
    return rows.map((r) => toPayout(r, skew))
  }

  async function sendLease(profileId: string, owner: string, ms: number): Promise<string | null> {
    const key = await options.senderKey(profileId)
    // Without the secret the ledger would refuse (PD005): the sending is another desk's.
    if (key === null) return null
    const { rows } = await pool.query<{ epoch: string | null }>(
      'SELECT payout_desk.take_send_lease($1, $2, $3, $4)::text AS epoch',
      [profileId, owner, seconds(ms), key],
    )
    const epoch = rows[0]?.epoch ?? null
    if (epoch !== null) return epoch
    // Held by a desk of this computer whose process is gone (it crashed, or was killed): taken over now
    // rather than when its lease lapses, as the desk's own ledger does.
    const holder = await pool.query<{ desk: string }>(
      'SELECT desk FROM payout_desk.send_leases WHERE profile_id = $1',
      [profileId],
    )
    const gone = holder.rows[0]?.desk
    if (!gone || !ownerIsGone(gone)) return null
    const taken = await pool.query<{ epoch: string | null }>(
      'SELECT payout_desk.take_send_lease_from($1, $2, $3, $4, $5)::text AS epoch',
      [profileId, owner, seconds(ms), gone, key],
    )
    return taken.rows[0]?.epoch ?? null
  }

  /** A payout's profile never changes: asked once per payout (the last few thousand kept). */
  const profileOfKnown = new Map<string, string>()
  async function profileOfPayout(id: string): Promise<string | undefined> {
    const known = profileOfKnown.get(id)
    if (known) return known
    const { rows } = await pool.query<{ profile_id: string }>(
      'SELECT profile_id FROM payout_desk.payouts WHERE id = $1',
      [id],
    )
    const found = rows[0]?.profile_id
    if (found) {
      if (profileOfKnown.size >= 5_000) profileOfKnown.clear()
      profileOfKnown.set(id, found)
    }
    return found
  }

  async function idsWithStatus(statuses: readonly string[]): Promise<string[]> {
    const profiles = options.sendsFor ? await options.sendsFor() : null
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM payout_desk.payouts WHERE status = ANY ($1) AND ($2::uuid[] IS NULL OR profile_id = ANY ($2))
         ORDER BY created_at, id`,
      [statuses, profiles],
    )
    return rows.map((r) => r.id)
  }

  /**
   * Joins or takes the sending of the payout's profile for `holder` (the payout's id, or a callback's own
   * name, so that a callback never takes over a send's entry).
   */
  async function take(id: string, owner: string, ms: number, holder = id): Promise<boolean> {
    const profileId = await profileOfPayout(id)
    if (!profileId) return false
    return serially(profileId, async () => {
      let held = leases.get(profileId)
      // Held for long enough still: this payout joins it without asking the server again.
      if (!held || held.until - Date.now() < ms / 2) {
        const asked = Date.now()
        const epoch = await sendLease(profileId, owner, ms)
        if (epoch === null) return false
        if (held?.epoch !== epoch) leases.set(profileId, (held = { epoch, ids: new Set(), until: 0 }))
        held.until = asked + ms
      }
      held.ids.add(holder)
      epochOf.set(holder, held.epoch)
      profileOf.set(holder, profileId)
      return true
    })
  }
  async function renew(id: string, owner: string, ms: number): Promise<boolean> {
    const profileId = profileOf.get(id)
    if (!profileId) return false
    return serially(profileId, async () => {
      const asked = Date.now()
      const epoch = await sendLease(profileId, owner, ms)
      const held = leases.get(profileId)
      if (held && epoch === held.epoch) held.until = asked + ms
      return epoch !== null && epoch === epochOf.get(id)
    })
  }
  async function release(id: string): Promise<void> {
    const profileId = profileOf.get(id)
    const epoch = epochOf.get(id)
    epochOf.delete(id)
    profileOf.delete(id)
    if (!profileId) return
    await serially(profileId, async () => {
      const held = leases.get(profileId)
      if (!held || held.epoch !== epoch) return
      held.ids.delete(id)
      if (held.ids.size > 0) return
      leases.delete(profileId)
      await pool.query('SELECT payout_desk.release_send_lease($1, $2)', [profileId, epoch])
    })
  }

  /** Applies an observation under the epoch this desk holds the payout's profile's sending by. */
  const observeUnder = (
    id: string,
    epoch: string | undefined,
    observation: Parameters<EngineStore['observe']>[1],
    answer?: Parameters<EngineStore['observe']>[2],
  ) =>
    inTransaction(async (c) => {
      const [row] = (await c.query<PayoutRow>(payoutSelect('payout_desk.lock_payout($1)'), [id])).rows
      if (!row) throw new Error(`payout ${id} vanished`)
      const skew = await clockSkew()
      const current = toPayout(row, skew)
      const obs = typeof observation === 'function' ? observation(current) : observation
      const plan = planObservation(current, obs)
      await c.query('SELECT payout_desk.observe_answer($1, $2, $3, $4)', [
        id,
        epoch ?? null,
        planJson(obs, plan, row.status, skew),
        answer ?? null,
      ])
      return { from: current.status, to: plan.to, changed: plan.verdict === 'apply' }
    })

  /**
   * What a gateway said, written only under the profile's sending (team migration 5). A callback arrives
   * outside any send of this desk: it joins this desk's sending of the profile, or takes it for the moment;
   * while another desk holds it, it is refused (the gateway calls back again, and that desk asks anyway).
   */
  const observe: EngineStore['observe'] = async (id, observation, answer) => {
    if (epochOf.has(id)) return observeUnder(id, epochOf.get(id), observation, answer)
    const holder = `callback:${randomUUID()}`
    if (!(await take(id, options.desk, CALLBACK_LEASE_MS, holder)))
      throw new AppError('CONFLICT', { key: 'teamSendingElsewhere' })
    try {
      return await observeUnder(id, epochOf.get(holder), observation, answer)
    } finally {
      await release(holder)
    }
  }

  return {
    async profile(id) {
      const { rows } = await pool.query<ProfileRow>(
        `SELECT id, name, provider, area, environment, base_url, merchant_id, notify_url, gateway_public_key
           FROM payout_desk.profiles WHERE id = $1`,
        [id],
      )
      return rows[0] ? profileOfRow(rows[0]) : null
    },
    payout: async (id) => (await payoutOn(pool, 'p.id = $1', [id]))[0] ?? null,
    payoutByReference: async (profileId, reference) =>
      (await payoutOn(pool, 'p.profile_id = $1 AND p.reference = $2', [profileId, reference]))[0] ?? null,
    async payoutAtAccount(account, reference) {
      const found = await payoutOn(
        pool,
        `p.reference = $1 AND p.account->>'provider' = $2 AND p.account->>'baseUrl' = $3
           AND p.account->>'merchantId' = $4`,
        [reference, account.provider, account.baseUrl, account.merchantId],
      )
      return found.find((p) => p.account && sameAccount(p.account, account)) ?? null
    },
    idsWithStatus,
    // What is queued on the team ledger (within the limits, or approved) is sent by `team send`, several at
    // a time, from a desk that holds its profile's secret; starting the engine only asks about doubt.
    confirmedSinglesLeftQueued: () => Promise.resolve([]),

    takeLease: take,
    renewLease: renew,
    releaseLease: release,
    async claimForSubmit(id, from, lease) {
      const epoch = epochOf.get(id)
      if (epoch === undefined) return null
      try {
        const { rows } = await pool.query<PayoutRow>(
          payoutSelect('payout_desk.claim_payout($1, $2, $3, $4)'),
          [id, epoch, from, seconds(lease.ms)],
        )
        const skew = await clockSkew()
        return rows[0] ? toPayout(rows[0], skew) : null
      } catch (error) {
        if (refusedAsStale(error)) return null
        throw error
      }
    },

    observe,
    async recordExchange(id, answer) {
      await pool.query('SELECT payout_desk.keep_exchange($1, $2, $3, $4)', [
        id,
        answer.kind,
        answer.outcome,
        answer.exchange,
      ])
    },

    async callbackSeen(signed) {
      const { rowCount } = await pool.query('SELECT 1 FROM payout_desk.callback_digests WHERE digest = $1', [
        digestOf(signed),
      ])
      return (rowCount ?? 0) > 0
    },
    async recordCallback(id, rawBody) {
      await pool.query('SELECT payout_desk.record_callback($1, $2)', [id, rawBody])
    },
    async rememberCallback(id, signed) {
      await pool.query('SELECT payout_desk.remember_callback($1, $2)', [id, digestOf(signed)])
    },
    async recordCallbackRejection(profileId, reason, detail, body) {
      await pool.query('SELECT payout_desk.record_callback_rejection($1, $2, $3, $4, $5, $6)', [
        profileId,
        reason,
        detail.slice(0, REJECTION_PREFIX_CHARS),
        body.slice(0, REJECTION_PREFIX_CHARS),
        digestOf(body),
        Buffer.byteLength(body, 'utf8'),
      ])
    },
  }
}
