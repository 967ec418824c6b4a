import type pg from 'pg'
import type { ProfileEnvironment, ProviderId } from '../../shared/domain/providers.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'

type Db = Pick<pg.ClientBase, 'query'>

/**
 * What a file's review reads of the team's book, read ahead in a few queries (the desk's own ledger is
 * read row by row instead: electron/ledger/import-review-repo.ts). The action building the review from
 * these is actions/team-import.ts.
 */

/**
 * A payout that may take money or already has: the team's reading of the desk's ledger/may-pay.ts (a
 * payout cancelled after an attempt left, and a failed or refused one the gateway contradicts, may have
 * paid all the same). Written for the alias `p`.
 */
const TEAM_MAY_PAY = `(p.status NOT IN ('rejected', 'cancelled', 'failed')
  OR (p.status = 'cancelled' AND p.last_attempt_at IS NOT NULL)
  OR (p.status IN ('failed', 'rejected') AND p.attention = 'contradiction'))`

export interface TeamProfileRules {
  id: string
  name: string
  provider: ProviderId
  area: string
  environment: ProfileEnvironment
  /** The gateway account its payouts are written for (with provider, area and environment). */
  baseUrl: string
  merchantId: string
  shape: PayoutShape
}

/** A team profile and its gateway's rules for a payout, by its name (as people call it) or id. */
export async function teamProfileRules(
  db: Db,
  nameOrId: string,
  /** The window names a profile by its id only: a profile named after another's id is never it. */
  by: 'name or id' | 'id' = 'name or id',
): Promise<TeamProfileRules> {
  const { rows } = await db.query<Omit<TeamProfileRules, 'shape'>>(
    `SELECT id, name, provider, area, environment, base_url AS "baseUrl", merchant_id AS "merchantId"
       FROM payout_desk.profiles
      WHERE id::text = $1 OR (NOT $2 AND name = $1) ORDER BY name = $1 DESC LIMIT 1`,
    [nameOrId, by === 'id'],
  )
  const profile = rows[0]
  if (!profile) throw new AppError('NOT_FOUND', { key: 'teamProfileUnknown', params: { name: nameOrId } })
  const shape = payoutShape(profile.provider, profile.area)
  if (!shape)
    throw new AppError('INVALID_INPUT', {
      key: 'gatewayCannotPay',
      params: { gateway: profile.provider, area: profile.area },
    })
  return { ...profile, shape }
}

/**
 * The profiles naming profile $1's gateway account, itself included, as an array (read once, then looked
 * up by index): one merchant account is one purse, so a repeat or a payee's account written through
 * another profile of it counts as the desk's ledger counts it (electron/ledger/same-account.ts).
 */
const PROFILES_AT_ACCOUNT = `SELECT s.id FROM payout_desk.profiles s JOIN payout_desk.profiles o
  ON s.provider = o.provider AND s.base_url = o.base_url AND s.merchant_id = o.merchant_id WHERE o.id = $1`
const AT_ACCOUNT = `ARRAY(${PROFILES_AT_ACCOUNT})`

/**
 * The profiles naming profile $1's gateway account now or before (the book's append-only log of profile
 * changes says which accounts each named): the payouts to look among for those written here.
 */
const ONCE_AT_ACCOUNT = `ARRAY(${PROFILES_AT_ACCOUNT}
  UNION
  SELECT e.profile_id FROM payout_desk.profile_events e JOIN payout_desk.profiles o
  ON e.new->>'provider' = o.provider AND e.new->>'base_url' = o.base_url
    AND e.new->>'merchant_id' = o.merchant_id WHERE o.id = $1)`

/** Profile $1's gateway account as a payout's frozen `account` names it. */
const ACCOUNT_OF = `(SELECT jsonb_build_object('provider', o.provider, 'baseUrl', o.base_url, 'merchantId', o.merchant_id)
  FROM payout_desk.profiles o WHERE o.id = $1)`

/**
 * Payout p as the account's reads take it: one written for this account, its frozen `account`, whichever
 * profile wrote it and wherever that profile points now (review 65 F1, review 70). Not what a profile paid
 * at another merchant, before it was pointed here or after it was pointed away: there the payee may have
 * been nobody, and a payout to a new account made there would become the payee's known account here,
 * hiding the change (review 68 B1). A payout without a frozen account (none since team migration 3) is
 * taken as its profile's, as before. `now` and `account` are SQL for the profiles at the account now and
 * the account as frozen on payouts: profile $1's (AT_ACCOUNT, ACCOUNT_OF), or values read before.
 */
const writtenAtAccount = (q: { now: string; account: string }) =>
  `(p.account @> ${q.account} OR (p.account IS NULL AND p.profile_id = ANY (${q.now})))`

/** What a write wrote: its batch, or the payouts it wrote without one. */
export interface Written {
  batch: string | null
  ids: readonly string[]
}

export interface TeamReviewReads {
  /** The audit log's last sequence number when read. */
  events: number
  /** How many batches at this profile's gateway account have exactly this file's contents. */
  sameFile: number
  previous: { id: string; at: number } | null
  /** Which of the given references are taken at this profile's gateway account. */
  taken: Set<string>
}

/**
 * Everything but the payees a review reads; `except` leaves out what is being written (its batch, or the
 * payouts written without one).
 */
export async function teamReviewReads(
  db: Db,
  q: {
    profileId: string
    sha256: string
    references: readonly string[]
    except?: Written
  },
): Promise<TeamReviewReads> {
  const except = q.except?.batch ?? null
  const mark = await db.query<{ events: string; same_file: number }>(
    `SELECT (SELECT COALESCE(max(seq), 0) FROM payout_desk.payout_events)::text AS events,
            (SELECT count(*)::int FROM payout_desk.batches
              WHERE profile_id = ANY (${AT_ACCOUNT}) AND file_sha256 = $2 AND id IS DISTINCT FROM $3) AS same_file`,
    [q.profileId, q.sha256, except],
  )
  const previous = await db.query<{ id: string; at: number }>(
    `SELECT id, floor(extract(epoch FROM created_at) * 1000)::float8 AS at FROM payout_desk.batches
      WHERE profile_id = ANY (${AT_ACCOUNT}) AND file_sha256 = $2 AND id IS DISTINCT FROM $3
      ORDER BY created_at LIMIT 1`,
    [q.profileId, q.sha256, except],
  )
  // Taken at the profile's gateway account, through whichever profile names it (team migration 5).
  const taken = await db.query<{ reference: string }>(
    `SELECT p.reference FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = $1
      WHERE p.reference = ANY ($2) AND p.account->>'provider' = pr.provider
        AND p.account->>'baseUrl' = pr.base_url AND p.account->>'merchantId' = pr.merchant_id`,
    [q.profileId, q.references],
  )
  return {
    events: Number(mark.rows[0]?.events ?? 0),
    sameFile: mark.rows[0]?.same_file ?? 0,
    previous: previous.rows[0] ?? null,
    taken: new Set(taken.rows.map((r) => r.reference)),
  }
}

/**
 * The newest payout at the profile's gateway account that may pay since `since` of each of these account
 * numbers and amounts: a file's repeats of the last 30 days, read for what the file pays only (a team's
 * month may be a million payouts).
 * Each pair once: a pair listed twice would count its payouts twice (the newest is the same).
 */
export async function teamRecentRepeats(
  db: Db,
  q: {
    profileId: string
    since: number
    accountField: string
    pays: readonly { account: string; amountMinor: number }[]
    except?: Written
  },
): Promise<{ account: string; amountMinor: number; at: number }[]> {
  if (q.pays.length === 0) return []
  const { rows } = await db.query<{ account: string; amount_minor: string; at: number }>(
    `SELECT p.fields->>$3 AS account, p.amount_minor::text AS amount_minor,
            floor(extract(epoch FROM max(p.created_at)) * 1000)::float8 AS at
       FROM payout_desk.payouts p
       JOIN unnest($6::text[], $7::bigint[]) AS w (account, amount_minor)
         ON w.account = p.fields->>$3 AND w.amount_minor = p.amount_minor
      WHERE p.profile_id = ANY (${ONCE_AT_ACCOUNT}) AND ${writtenAtAccount({ now: AT_ACCOUNT, account: ACCOUNT_OF })}
        AND p.created_at >= to_timestamp($2 / 1000.0) AND ${TEAM_MAY_PAY}
        AND ($4::uuid IS NULL OR p.batch_id IS DISTINCT FROM $4) AND p.id <> ALL ($5::uuid[])
      GROUP BY 1, 2`,
    [
      q.profileId,
      q.since,
      q.accountField,
      q.except?.batch ?? null,
      q.except?.ids ?? [],
      q.pays.map((p) => p.account),
      q.pays.map((p) => p.amountMinor),
    ],
  )
  return rows.map((r) => ({ account: r.account, amountMinor: Number(r.amount_minor), at: r.at }))
}

/** A payout that may pay, as the team's directory reads it: its payee's fields, and when. */
export interface TeamPayeeRow {
  id: string
  fields: Record<string, string>
  /** When it was written, in microseconds (the payouts of one file are a microsecond apart). */
  at: bigint
  /** The file it was written with, if any. */
  batch: string | null
  /** Who wrote it, and the owner who approved it, if one did. */
  preparedBy: string
  approvedBy: string | null
}

/**
 * The payouts at the profile's gateway account that may pay, newest of each payee's fields, whose payee is one of `names` or at
 * one of `accounts` (team migration 10's keys, looked up in payout_payees), with every payout written
 * without keys when `unkeyed`.
 */
export async function teamPayeeRows(
  db: Db,
  profileId: string,
  wanted: {
    names: readonly string[]
    accounts: readonly string[]
    unkeyed: boolean
    /**
     * Each payout found fetched by its key, whatever the planner guesses (OFFSET 0 keeps it so): for an
     * approval's few names. A book just written, before PostgreSQL's statistics caught up, let it guess one
     * payout at the profiles and compare it with every one found (55 s for 5,000 names, 0.3 s by key). A
     * file's review leaves it to the planner: its re-check finds all its own 100,000 payouts, faster joined
     * (the team import bench, 1.5× the desk's own ledger, 1.75× by key).
     */
    byKey?: boolean
    /** Every payout found, not only the newest of each payee's fields (an approval's notes read history). */
    every?: boolean
  },
  except?: Written,
): Promise<TeamPayeeRow[]> {
  // The profiles at the account, read first and handed over as values the planner can weigh.
  const atAccount = await db.query<{ now: string[]; once: string[]; account: unknown }>(
    `SELECT ${AT_ACCOUNT} AS now, ${ONCE_AT_ACCOUNT} AS once, ${ACCOUNT_OF} AS account`,
    [profileId],
  )
  const at = atAccount.rows[0]
  const read = await db
    .query<{
      id: string
      fields: Record<string, string>
      at: string
      batch: string | null
      prepared_by: string
      approved_by: string | null
    }>(
      `WITH wanted AS (
       SELECT k.payout_id AS id FROM jsonb_array_elements_text($4::jsonb) n (key)
         JOIN payout_desk.payout_payees k ON k.profile_id = ANY ($1::uuid[]) AND k.name_key = n.key
       UNION
       SELECT k.payout_id FROM jsonb_array_elements_text($5::jsonb) a (key)
         JOIN payout_desk.payout_payees k ON k.profile_id = ANY ($1::uuid[]) AND k.account_key = a.key
       UNION
       SELECT u.id FROM payout_desk.payouts u
        WHERE $6 AND u.profile_id = ANY ($1::uuid[]) AND u.payee_account_key IS NULL AND NOT u.before_payee_keys)
     SELECT ${wanted.every ? '' : 'DISTINCT ON (p.fields)'} p.id, p.fields,
            (extract(epoch FROM p.created_at) * 1000000)::bigint::text AS at, p.batch_id AS batch,
            p.prepared_by, p.approved_by
       FROM wanted ${
         wanted.byKey
           ? 'CROSS JOIN LATERAL (SELECT * FROM payout_desk.payouts u WHERE u.id = wanted.id OFFSET 0) p'
           : // The profiles again (wanted holds no other): the planner may start from their payouts instead,
             // which a file's re-check finds all its own (a profile's first file reads nothing).
             'JOIN payout_desk.payouts p ON p.id = wanted.id'
       }
      WHERE p.profile_id = ANY ($1::uuid[]) AND ${writtenAtAccount({ now: '$7::uuid[]', account: '$8::jsonb' })}
        AND ${TEAM_MAY_PAY}
        AND ($2::uuid IS NULL OR p.batch_id IS DISTINCT FROM $2)
        AND p.id <> ALL ($3::uuid[])
      ${wanted.every ? '' : 'ORDER BY p.fields, p.created_at DESC, p.id'}`,
      // The keys go as JSON: a file's hundred thousand names are written out natively, not quoted one by one.
      [
        at?.once ?? [],
        except?.batch ?? null,
        except?.ids ?? [],
        JSON.stringify(wanted.names),
        JSON.stringify(wanted.accounts),
        wanted.unkeyed,
        at?.now ?? [],
        at?.account ? JSON.stringify(at.account) : null,
      ],
    )
    .catch((error: unknown) => {
      // A book from before team migration 10, and a desk after it: the book needs its update first.
      if ((error as { code?: string }).code === '42P01')
        throw new AppError('CONFLICT', { key: 'teamLedgerOlder' }, { cause: error })
      throw error
    })
  return read.rows.map((r) => ({
    id: r.id,
    fields: r.fields,
    at: BigInt(r.at),
    batch: r.batch,
    preparedBy: r.prepared_by,
    approvedBy: r.approved_by,
  }))
}

/** Which payee keys the book keeps (team_meta's `payee_keys`, team migration 13 on); 0 before. */
export async function teamPayeeKeys(db: Db): Promise<number> {
  const { rows } = await db.query<{ keys: number }>(
    "SELECT value::int AS keys FROM payout_desk.team_meta WHERE key = 'payee_keys'",
  )
  return rows[0]?.keys ?? 0
}

/** The payout under a reference at a profile's gateway account, through whichever profile names it. */
export async function teamPayoutAtAccount(
  db: Db,
  profileId: string,
  reference: string,
): Promise<{
  id: string
  profileId: string
  amountMinor: number
  fields: Record<string, string>
  status: string
} | null> {
  const { rows } = await db.query<{
    id: string
    profile_id: string
    amount_minor: string
    fields: Record<string, string>
    status: string
  }>(
    `SELECT p.id, p.profile_id, p.amount_minor::text AS amount_minor, p.fields, p.status
       FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = $1
      WHERE p.reference = $2 AND p.account->>'provider' = pr.provider
        AND p.account->>'baseUrl' = pr.base_url AND p.account->>'merchantId' = pr.merchant_id`,
    [profileId, reference],
  )
  const r = rows[0]
  return r
    ? {
        id: r.id,
        profileId: r.profile_id,
        amountMinor: Number(r.amount_minor),
        fields: r.fields,
        status: r.status,
      }
    : null
}

/** The server's clock, in ms: the times a review compares with are the server's (created_at). */
export async function teamServerNow(db: Db): Promise<number> {
  const { rows } = await db.query<{ now: number }>(
    'SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now',
  )
  return rows[0]?.now ?? Date.now()
}

/** A team payout as Pay again fills New payout from it: its profile, amount and the gateway's fields. */
export async function teamPayoutForm(
  db: Db,
  id: string,
): Promise<{
  profileId: string
  amountMinor: number
  currency: string
  fields: Record<string, string>
  status: string
} | null> {
  const { rows } = await db.query<{
    profile_id: string
    amount_minor: string
    currency: string
    fields: Record<string, string>
    status: string
  }>(
    `SELECT profile_id, amount_minor::text AS amount_minor, currency, fields, status
       FROM payout_desk.payouts WHERE id = $1`,
    [id],
  )
  const r = rows[0]
  return r
    ? {
        profileId: r.profile_id,
        amountMinor: Number(r.amount_minor),
        currency: r.currency,
        fields: r.fields,
        status: r.status,
      }
    : null
}
