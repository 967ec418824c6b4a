import type pg from 'pg'
import type { ProfileRecord } from '../ledger/profiles-repo.ts'

type Db = Pick<pg.ClientBase, 'query'>

/**
 * A team profile as an owner sees and changes it: its gateway account, its limits, whether the team knows
 * its secret's check. PostgreSQL lets only an owner write these columns (team migrations 1, 3 and 5); every
 * change is kept in the profile log with its person.
 */
export interface TeamProfileRecord extends Required<ProfileRecord> {
  currency: string
  /** Minor units; null: no limit. */
  perPayoutMinor: number | null
  perDayMinor: number | null
  timeZone: string
  hasSenderCheck: boolean
}

const RECORD = `SELECT id, name, provider, area, environment, base_url AS "baseUrl", merchant_id AS "merchantId",
       notify_url AS "notifyUrl", gateway_public_key AS "gatewayPublicKey", currency,
       per_payout_minor::float8 AS "perPayoutMinor", per_day_minor::float8 AS "perDayMinor",
       time_zone AS "timeZone", sender_check IS NOT NULL AS "hasSenderCheck"
  FROM payout_desk.profiles`

/** Every team profile, by name. */
export async function teamProfileRecords(db: Db): Promise<TeamProfileRecord[]> {
  return (await db.query<TeamProfileRecord>(`${RECORD} ORDER BY name`)).rows
}

/**
 * The team profile named so (as people call it), or with this id; by its id alone when a door names it
 * by id (a profile named after another's id is never it). `lock` holds its row to the end of the
 * transaction, so two owners' changes are made one after the other.
 */
export async function teamProfileRecord(
  db: Db,
  nameOrId: string,
  options: { by?: 'id' | 'name or id'; lock?: boolean } = {},
): Promise<TeamProfileRecord | null> {
  const { rows } = await db.query<TeamProfileRecord>(
    `${RECORD} WHERE id::text = $1 OR (NOT $2 AND name = $1) ORDER BY name = $1 DESC LIMIT 1${options.lock ? ' FOR UPDATE' : ''}`,
    [nameOrId, options.by === 'id'],
  )
  return rows[0] ?? null
}

/**
 * Every gateway address the team's profiles name or named (the profile log): a profile saved keeps the
 * spelling one of them has for the same address, so one merchant is never split into two accounts.
 */
export async function teamBaseUrls(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ url: string }>(
    `SELECT base_url AS url FROM payout_desk.profiles
     UNION
     SELECT e.new->>'base_url' FROM payout_desk.profile_events e WHERE e.new->>'base_url' IS NOT NULL`,
  )
  return rows.map((r) => r.url)
}

/** How many payouts the profile has written: its gateway and country are fixed once it has any. */
export async function teamProfilePayouts(db: Db, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM payout_desk.payouts WHERE profile_id = $1 LIMIT 1) p',
    [id],
  )
  return rows[0]?.n ?? 0
}

/** The profile's payouts a gateway may still be asked about, or that may still leave (and those waiting for a person). */
export async function teamOpenPayouts(db: Db, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM payout_desk.payouts
      WHERE profile_id = $1
        AND (status IN ('awaiting_approval', 'queued', 'submitting', 'processing', 'unknown', 'needs_review')
             OR attention IS NOT NULL)`,
    [id],
  )
  return rows[0]?.n ?? 0
}

type Written = Omit<TeamProfileRecord, 'hasSenderCheck'> & { senderCheck: string | null }

const COLUMNS = [
  ['name', 'name'],
  ['provider', 'provider'],
  ['area', 'area'],
  ['environment', 'environment'],
  ['base_url', 'baseUrl'],
  ['merchant_id', 'merchantId'],
  ['notify_url', 'notifyUrl'],
  ['gateway_public_key', 'gatewayPublicKey'],
  ['currency', 'currency'],
  ['per_payout_minor', 'perPayoutMinor'],
  ['per_day_minor', 'perDayMinor'],
  ['time_zone', 'timeZone'],
  ['sender_check', 'senderCheck'],
] as const satisfies readonly (readonly [string, keyof Written])[]

/** Adds a team profile (an owner's login: PostgreSQL refuses others). */
export async function insertTeamProfile(db: Db, p: Written & { id: string }): Promise<void> {
  await db.query(
    `INSERT INTO payout_desk.profiles (id, ${COLUMNS.map(([c]) => c).join(', ')})
     VALUES ($1, ${COLUMNS.map((_, i) => `$${i + 2}`).join(', ')})`,
    [p.id, ...COLUMNS.map(([, k]) => p[k])],
  )
}

/**
 * Changes what is given of a team profile (an owner's login). Its gateway and country are not among what
 * may change: they are fixed by the caller's check, and PostgreSQL grants no update of the gateway.
 */
export async function updateTeamProfile(
  db: Db,
  id: string,
  change: Partial<Omit<Written, 'provider' | 'currency'>>,
): Promise<void> {
  const given = COLUMNS.filter(([, k]) => k in change && k !== 'provider' && k !== 'currency')
  if (given.length === 0) return
  await db.query(
    `UPDATE payout_desk.profiles SET ${given.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [id, ...given.map(([, k]) => (change as Record<string, unknown>)[k])],
  )
}
