import type pg from 'pg'
import { RETRYABLE_STATUSES } from '../../shared/domain/payout-status.ts'
import { AppError } from '../errors.ts'
import type { EnginePayout } from '../ledger/payout-store.ts'

type Db = Pick<pg.ClientBase, 'query'>

/**
 * A payout a batch's Retry would ask about (`p`): it did not pay, waits for no person, was not paid again
 * yet, was not moved in from a desk (paid again there only), and no owner refused it (team migration 19).
 * One rule for listing and for paying.
 */
const RETRY_CANDIDATE = `p.status IN (${RETRYABLE_STATUSES.map((s) => `'${s}'`).join(', ')})
        AND p.attention IS NULL AND NOT p.moved_in
        AND NOT EXISTS (SELECT 1 FROM payout_desk.payouts r WHERE r.retry_of = p.id)
        AND NOT EXISTS (SELECT 1 FROM payout_desk.payout_events e WHERE e.payout_id = p.id AND e.kind = 'refused')`

/** The team's payouts under a reference (of the profile so named, when one is). */
export async function teamPayoutIdsOf(
  db: Db,
  reference: string,
  profileName: string | null,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
      WHERE p.reference = $1 AND ($2::text IS NULL OR pr.name = $2)`,
    [reference, profileName],
  )
  return rows.map((r) => r.id)
}

/** The owner who refused this payout while it waited for approval (team migration 19), if one did. */
export async function refusedOnTeamBy(db: Db, id: string): Promise<string | null> {
  const { rows } = await db.query<{ person: string }>(
    "SELECT person FROM payout_desk.payout_events WHERE payout_id = $1 AND kind = 'refused' LIMIT 1",
    [id],
  )
  return rows[0]?.person ?? null
}

/** The reference of the payout that paid this one again, if any. */
export async function retriedOnTeamAs(db: Db, id: string): Promise<string | null> {
  const { rows } = await db.query<{ reference: string }>(
    'SELECT reference FROM payout_desk.payouts WHERE retry_of = $1',
    [id],
  )
  return rows[0]?.reference ?? null
}

/** Whether the payout came in with a desk's own ledger (team import-ledger): that desk pays it again. */
export async function movedInFromDesk(db: Db, id: string): Promise<boolean> {
  const { rows } = await db.query<{ moved_in: boolean }>(
    'SELECT moved_in FROM payout_desk.payouts WHERE id = $1',
    [id],
  )
  return rows[0]?.moved_in === true
}

/** The payouts a team Retry pays again, nearest first: its original, that one's original, and so on. */
export async function earlierInTeamChain(db: Db, id: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE chain (id, depth) AS (
       SELECT p.retry_of, 1 FROM payout_desk.payouts p WHERE p.id = $1 AND p.retry_of IS NOT NULL
       UNION
       SELECT e.retry_of, c.depth + 1 FROM chain c JOIN payout_desk.payouts e ON e.id = c.id
        WHERE e.retry_of IS NOT NULL)
     SELECT id FROM chain ORDER BY depth`,
    [id],
  )
  return rows.map((r) => r.id)
}

/**
 * Whether a payout before this one in its chain of Retries (its original, theirs, …) may have paid: no
 * longer known not to have paid, or waiting for a person. Read to refuse early; the book refuses the
 * write itself (team migration 17).
 */
export async function earlierMayHavePaidOnTeam(db: Db, id: string): Promise<boolean> {
  const { rows } = await db.query(
    `WITH RECURSIVE chain (id) AS (
       SELECT p.retry_of FROM payout_desk.payouts p WHERE p.id = $1 AND p.retry_of IS NOT NULL
       UNION
       SELECT e.retry_of FROM chain c JOIN payout_desk.payouts e ON e.id = c.id WHERE e.retry_of IS NOT NULL)
     SELECT 1 FROM chain c JOIN payout_desk.payouts o ON o.id = c.id
      WHERE o.status <> ALL ($2::text[]) OR o.attention IS NOT NULL
      LIMIT 1`,
    [id, RETRYABLE_STATUSES],
  )
  return rows.length > 0
}

/**
 * Writes the payout that pays `original` again: its profile, amount, currency and fields, under a new
 * reference (team migration 7 checks each, and that it is paid again once).
 */
export async function writeTeamRetry(
  db: Db,
  original: EnginePayout,
  next: { id: string; reference: string },
  /** Where the payout paying it again already is read, when `db` is a transaction the refusal ended. */
  lookup: Db = db,
): Promise<void> {
  try {
    await db.query(
      `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, retry_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        next.id,
        original.profileId,
        next.reference,
        original.amountMinor,
        original.currency,
        original.fields,
        original.id,
      ],
    )
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '23505' && (error as { constraint?: string }).constraint === 'payouts_one_retry')
      throw new AppError(
        'CONFLICT',
        { key: 'retriedAlready', params: { reference: (await retriedOnTeamAs(lookup, original.id)) ?? '' } },
        { cause: error },
      )
    if (code === 'PD015') throw new AppError('INVALID_INPUT', { key: 'retryMovedFromDesk' }, { cause: error })
    if (code === 'PD018')
      throw new AppError(
        'INVALID_INPUT',
        {
          key: 'retryRefusedByOwner',
          params: { person: (await refusedOnTeamBy(lookup, original.id)) ?? '' },
        },
        { cause: error },
      )
    if (code === 'PD016') throw new AppError('CONFLICT', { key: 'retryEarlierMayHavePaid' }, { cause: error })
    if (code === 'PD013') throw new AppError('INVALID_INPUT', { key: 'retryOnlyUnpaid' }, { cause: error })
    throw error
  }
}

/**
 * A team batch named by its id or the start of it (8 characters at least, as printed), and its payouts a
 * Retry would ask about: did not pay, wait for no person, not paid again yet, not moved in from a desk
 * (paid again there only). NOT_FOUND when no batch or
 * more than one starts so.
 */
export async function teamRetryCandidates(
  db: Db,
  batch: string,
): Promise<{
  batchId: string
  fileName: string | null
  profile: string
  environment: string
  payouts: { id: string; reference: string; amountMinor: number; currency: string }[]
}> {
  const start = batch.trim().toLowerCase()
  // Only what a batch id is made of: another character is a mistake, never a pattern.
  if (!/^[0-9a-f-]{8,36}$/.test(start)) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
  const { rows: batches } = await db.query<{
    id: string
    file_name: string | null
    profile: string
    environment: string
  }>(
    `SELECT b.id::text, b.file_name, pr.name AS profile, pr.environment
       FROM payout_desk.batches b JOIN payout_desk.profiles pr ON pr.id = b.profile_id
      WHERE b.id::text LIKE $1 || '%' LIMIT 2`,
    [start],
  )
  const only = batches.length === 1 ? batches[0] : undefined
  if (!only) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
  const { rows } = await db.query<{ id: string; reference: string; amount_minor: string; currency: string }>(
    `SELECT p.id, p.reference, p.amount_minor::text, p.currency FROM payout_desk.payouts p
      WHERE p.batch_id = $1 AND ${RETRY_CANDIDATE}
      ORDER BY p.created_at, p.id`,
    [only.id],
  )
  return {
    batchId: only.id,
    fileName: only.file_name,
    profile: only.profile,
    environment: only.environment,
    payouts: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      amountMinor: Number(r.amount_minor),
      currency: r.currency,
    })),
  }
}

/**
 * The team's batches with payouts a Retry would ask about (did not pay, wait for no person, not paid
 * again yet), newest first: what the window offers to pay again, batch by batch.
 */
export async function teamBatchesToRetry(db: Db): Promise<
  {
    batchId: string
    fileName: string | null
    profile: string
    environment: string
    currency: string
    count: number
    totalMinor: number
    ids: string[]
  }[]
> {
  const { rows } = await db.query<{
    batch_id: string
    file_name: string | null
    profile: string
    environment: string
    currency: string
    count: number
    total_minor: string
    ids: string[]
  }>(
    `SELECT b.id AS batch_id, b.file_name, pr.name AS profile, pr.environment, pr.currency,
            count(*)::int AS count, sum(p.amount_minor)::text AS total_minor,
            array_agg(p.id ORDER BY p.created_at, p.id)::text[] AS ids
       FROM payout_desk.payouts p JOIN payout_desk.batches b ON b.id = p.batch_id
       JOIN payout_desk.profiles pr ON pr.id = b.profile_id
      WHERE ${RETRY_CANDIDATE}
      GROUP BY b.id, pr.id ORDER BY max(b.created_at) DESC LIMIT 50`,
  )
  return rows.map((r) => ({
    batchId: r.batch_id,
    fileName: r.file_name,
    profile: r.profile,
    environment: r.environment,
    currency: r.currency,
    count: r.count,
    totalMinor: Number(r.total_minor),
    ids: r.ids,
  }))
}
