import type { TeamSent } from '../../shared/ipc/team-contract.ts'
import type pg from 'pg'
import { OWNER_GROUP } from './team-schema.ts'
import { computerOf, onThisComputer } from '../ledger/leases.ts'
import type { ProfileEnvironment, ProviderId } from '../../shared/domain/providers.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { PENDING_STATUSES } from '../../shared/domain/payout-status.ts'

/** A team profile as a desk lists it: enough to say which it can send for, and how much waits. */
export interface TeamProfile {
  id: string
  name: string
  provider: ProviderId
  /** The gateway's field set (Indonesia, Thailand): which fields a payout of it has. */
  area: string
  environment: ProfileEnvironment
  currency: CurrencyCode
  /** Payouts ready to leave (within the limits, or approved). */
  queued: number
  /** What they come to, in the profile's currency's minor units. */
  queuedMinor: number
  /** Sent, with no final answer yet (processing, in doubt, or being sent). */
  open: number
}

export async function teamProfiles(pool: pg.Pool): Promise<TeamProfile[]> {
  const { rows } = await pool.query<Omit<TeamProfile, 'queuedMinor'> & { queued_minor: string }>(
    // Counted from the partial indexes of what is queued and what is open (team migration 9), never by
    // reading a million paid payouts at every send.
    `SELECT pr.id, pr.name, pr.provider, pr.area, pr.environment, pr.currency, q.queued, q.queued_minor,
            (SELECT count(*) FROM payout_desk.payouts p
              WHERE p.profile_id = pr.id
                AND p.status IN (${PENDING_STATUSES.map((s) => `'${s}'`).join(', ')}))::int AS open
       FROM payout_desk.profiles pr,
            LATERAL (SELECT count(*)::int AS queued, COALESCE(sum(p.amount_minor), 0)::text AS queued_minor
                       FROM payout_desk.payouts p WHERE p.profile_id = pr.id AND p.status = 'queued') q
      ORDER BY pr.name`,
  )
  return rows.map(({ queued_minor, ...r }) => ({ ...r, queuedMinor: Number(queued_minor) }))
}

/** The team's profiles' ids: what a desk asks at every recovery, so no count of payouts. */
export async function teamProfileIds(pool: pg.Pool): Promise<string[]> {
  return (await teamSenderChecks(pool)).map((r) => r.id)
}

/** Each profile's check of its senders' key (team/sender-key.ts), null until an owner set it. */
export async function teamSenderChecks(pool: pg.Pool): Promise<{ id: string; check: string | null }[]> {
  const { rows } = await pool.query<{ id: string; check: string | null }>(
    'SELECT id, sender_check AS check FROM payout_desk.profiles ORDER BY name',
  )
  return rows
}

/** An owner sets the check of the key desks derive from a profile's secret (PostgreSQL refuses others). */
/**
 * Sets a profile's sender check only over the check and the gateway account it was read with: another
 * owner's move meanwhile (with its own new check) is never overwritten by a check of the old account's
 * secret (review 84 F4). Whether it was set.
 */
export async function setSenderCheck(
  pool: pg.Pool,
  profileId: string,
  check: string,
  read: { check: string | null; baseUrl: string; merchantId: string; environment: string },
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE payout_desk.profiles SET sender_check = $2
      WHERE id = $1 AND sender_check IS NOT DISTINCT FROM $3 AND base_url = $4 AND merchant_id = $5
        AND environment = $6`,
    [profileId, check, read.check, read.baseUrl, read.merchantId, read.environment],
  )
  return rowCount === 1
}

/** How many of these payouts have each status now. */
export async function statusesOf(pool: pg.Pool, ids: readonly string[]): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM payout_desk.payouts WHERE id = ANY ($1) GROUP BY status',
    [ids],
  )
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

/**
 * Of these payouts, those still `submitting` under a claim this desk made with the sending it holds (its
 * lease's epoch): a claim whose answer never reached it (the connection dropped) or a send the drain left
 * on its way. Another desk's send in flight is that desk's, and not counted.
 */
export async function claimedHereUnanswered(
  pool: pg.Pool,
  ids: readonly string[],
  desk: string,
): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM payout_desk.payouts p
       JOIN payout_desk.send_leases l ON l.profile_id = p.profile_id AND l.epoch = p.claim_epoch
      WHERE p.id = ANY ($1) AND p.status = 'submitting' AND l.desk = $2`,
    [ids, desk],
  )
  return rows[0]?.n ?? 0
}

/** The payouts of these profiles that are ready to leave, oldest first. */
export async function queuedFor(pool: pg.Pool, profiles: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM payout_desk.payouts WHERE status = 'queued' AND profile_id = ANY ($1)
      ORDER BY created_at, id`,
    [profiles],
  )
  return rows.map((r) => r.id)
}

/** A profile's payouts another desk is busy with now: whose desk, and until when (ms, the server's clock). */
export type SendingHeldElsewhere = TeamSent['heldElsewhere'][number]

/**
 * Of these profiles, those whose sending another desk than `desk` holds now and that still have payouts
 * queued or mid-send: what a send from this desk could not send until that hold ends.
 */
export async function sendingsHeldElsewhere(
  pool: pg.Pool,
  profiles: readonly string[],
  desk: string,
): Promise<SendingHeldElsewhere[]> {
  const { rows } = await pool.query<
    Omit<SendingHeldElsewhere, 'thisComputer' | 'computer'> & { desk: string }
  >(
    `SELECT pr.name AS profile, l.person, l.desk,
            floor(extract(epoch FROM l.until) * 1000)::float8 AS until, w.n AS waiting
       FROM payout_desk.send_leases l JOIN payout_desk.profiles pr ON pr.id = l.profile_id,
            LATERAL (SELECT count(*)::int AS n FROM payout_desk.payouts p
                      WHERE p.profile_id = l.profile_id AND p.status IN ('queued', 'submitting')) w
      WHERE l.profile_id = ANY ($1) AND l.desk <> $2 AND l.until > clock_timestamp() AND w.n > 0
      ORDER BY pr.name`,
    [profiles, desk],
  )
  return rows.map(({ desk: owner, ...r }) => ({
    ...r,
    computer: computerOf(owner),
    thisComputer: onThisComputer(owner),
  }))
}

/** Whether the connected login is an owner's (only an owner sets a profile's sender check). */
export async function isOwner(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ owner: boolean }>(
    "SELECT pg_has_role(session_user, $1, 'MEMBER') AS owner",
    [OWNER_GROUP],
  )
  return rows[0]?.owner === true
}
