import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { EngineStore } from '../ledger/engine-store.ts'
import { sameAccount } from '../ledger/gateway-account.ts'
import { profileOfRow, type ProfileRow } from '../ledger/profiles-repo.ts'
import { REJECTION_PREFIX_CHARS } from '../ledger/rejection-limits.ts'
import { teamAnswers } from './team-answers.ts'
import { PAYOUT_SELECT, toPayout, type PayoutRow } from './team-payout-rows.ts'
import { teamSendLeases } from './team-send-leases.ts'

/**
 * The engine's store on the team ledger (team migrations 2, 3, 5 and 8): the same sending rules as on a
 * desk's own ledger, kept by PostgreSQL. What differs is how a payout is held while a desk talks to its gateway:
 * the engine asks for a payout's lease, and gets its profile's send lease (one desk sends for a profile at
 * a time) with that lease's epoch. The desk's claims are made, and its answers written, under that epoch
 * only: once another desk has taken the profile's sending over (this one hung or lost the server), what
 * this one says is refused (PD003), and its exchanges are only kept in the payout's log.
 * Every write is one of the schema's functions, as the connected person: nothing here can do more than
 * that person could with `psql`.
 *
 * What is asked once or more for every payout sent (its claim, its answer, the reads ahead of a chunk) is
 * a named statement: each connection parses and plans it once, not at every payout. A named statement's
 * columns are fixed when first planned. Adding a payouts column is safe for connected desks, but the claim
 * reads the row claim_payout_seen returns whole (`(c.claimed).*`): a migration that drops or retypes a
 * payouts column must have every desk connect again (a connected desk would read the claimed row wrongly).
 */

const digestOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

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
  const leases = teamSendLeases(pool, options.senderKey)
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

  const answers = teamAnswers(pool, leases, { desk: options.desk, clockSkew })

  async function payoutOn(where: string, params: unknown[], name?: string) {
    const skew = await clockSkew()
    const { rows } = await pool.query<PayoutRow>({
      name,
      text: `${PAYOUT_SELECT} WHERE ${where}`,
      values: params,
    })
    for (const r of rows) leases.know(r.id, r.profile_id)
    return rows.map((r) => toPayout(r, skew))
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

  return {
    async profile(id) {
      const { rows } = await pool.query<ProfileRow>({
        name: 'payout-desk-profile',
        text: `SELECT id, name, provider, area, environment, base_url, merchant_id, notify_url, gateway_public_key
                 FROM payout_desk.profiles WHERE id = $1`,
        values: [id],
      })
      return rows[0] ? profileOfRow(rows[0]) : null
    },
    payout: async (id) => (await payoutOn('p.id = $1', [id]))[0] ?? null,
    payouts: (ids) => payoutOn('p.id = ANY ($1)', [ids], 'payout-desk-payouts'),
    payoutByReference: async (profileId, reference) =>
      (await payoutOn('p.profile_id = $1 AND p.reference = $2', [profileId, reference]))[0] ?? null,
    async payoutAtAccount(account, reference) {
      const found = await payoutOn(
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

    takeLease: leases.take,
    renewLease: leases.renew,
    async releaseLease(id) {
      answers.forget(id)
      await leases.release(id)
    },
    claimForSubmit: (id, from, lease) => answers.claimForSubmit(id, from, lease),
    claimAfter: answers.claimAfter,
    dropWaitingClaims: answers.dropWaitingClaims,
    observe: (id, observation, answer) => answers.observe(id, observation, answer),
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
