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
 * The team profile named so (as people call it), or with this id; `lock` holds its row to the end of the
 * transaction, so two owners' changes are made one after the other.
 */
export async function teamProfileRecord(
  db: Db,
  nameOrId: string,
  lock = false,
): Promise<TeamProfileRecord | null> {
  const { rows } = await db.query<TeamProfileRecord>(
    `${RECORD} WHERE name = $1 OR id::text = $1 ORDER BY name = $1 DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
    [nameOrId],
  )
  return rows[0] ?? null
}

/** How many payouts the profile has written: its gateway and country are fixed once it has any. */
export async function teamProfilePayouts(db: Db, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM payout_desk.payouts WHERE profile_id = $1 LIMIT 1) p',
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
