import type pg from 'pg'
import { v7 as timeOrderedId } from 'uuid'
import { payeeNameKeyOf } from '../../shared/domain/payee-account.ts'
import type { PayoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { accountKey, type AccountNamed, type GatewayAccount } from '../ledger/gateway-account.ts'

/** A payout of a file as the team ledger takes it: what to pay, and what its person accepted about it. */
export interface TeamBatchPayout {
  reference: string
  amountMinor: number
  fields: Readonly<Record<string, string>>
  accepted: readonly { code: string; message: string }[] | null
}

export interface TeamBatchStatus {
  status: string
  count: number
  totalMinor: number
}

/**
 * Runs `work` in one READ COMMITTED transaction on one of the pool's connections: the team ledger's
 * triggers judge each payout against the day's total read after the profile's lock, which only a
 * snapshot taken then can see (team-schema.ts).
 */
export async function inTeamTransaction<T>(
  pool: pg.Pool,
  work: (c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  // The pool stops listening to a connection it lent: the server dropping it between two statements of
  // this transaction would otherwise end the process. The next statement fails instead, and rolls back.
  let lost: unknown = null
  const onLost = (error: unknown) => {
    lost = error
  }
  client.on('error', onLost)
  try {
    return await readCommitted(client, work)
  } finally {
    client.off('error', onLost)
    // A lost connection goes back broken, so the pool drops it.
    client.release(lost instanceof Error ? lost : undefined)
  }
}

/** Runs `work` in one READ COMMITTED transaction on `client`: committed if it returns, rolled back if not. */
export async function readCommitted<C extends pg.ClientBase, T>(
  client: C,
  work: (c: C) => Promise<T>,
): Promise<T> {
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED')
  try {
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/**
 * Holds the gateway account for the rest of the transaction: one write at a time per account, so that a
 * write's re-check of repeats and payees, read through every profile naming the account, sees every other
 * desk's write to it (the write's own row lock holds one profile only, and two profiles may name one
 * account). An advisory key orders the desks' writes only; the limits rest on the profile's row lock.
 */
export async function lockTeamAccount(c: pg.ClientBase, account: AccountNamed): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `payout_desk account ${accountKey(account)}`,
  ])
}

export async function insertTeamBatch(
  c: pg.ClientBase,
  batch: { id: string; profileId: string; fileName: string | null; sha256: string },
): Promise<void> {
  await c.query(
    'INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256) VALUES ($1, $2, $3, $4)',
    [batch.id, batch.profileId, batch.fileName?.slice(0, 500) || null, batch.sha256],
  )
}

// Rows per INSERT: few round trips, and statements well under the protocol's parameter limits.
const CHUNK = 2_000

/**
 * Writes a batch's payouts, in order. Who prepared each and whether it waits for approval are the
 * database's word (write_payouts, team-write-schema.ts). A reference the profile took meanwhile refuses
 * the whole batch. Each keeps whom it pays by the profile's `shape` (team migration 10).
 */
export async function insertTeamPayouts(
  c: pg.ClientBase,
  batch: { id: string | null; profileId: string; currency: string; shape: PayoutShape },
  payouts: readonly TeamBatchPayout[],
): Promise<string[]> {
  // Time-ordered ids (UUID version 7, rising within this process): a payout's id is the key of the
  // payouts' primary index, of its event's and of its payee keys' rows, and of the check that its events
  // point at it. Random ids put each of a file's 100,000 rows on a different page of each of those indexes;
  // rising ones write them at one end.
  const ids = payouts.map(() => timeOrderedId())
  // Each part goes as one JSON text the server reads in one pass; the next part is made while the server
  // writes this one, so the desk and the server work side by side.
  const partAt = (i: number) =>
    JSON.stringify(
      payouts.slice(i, i + CHUNK).map((p, k) => ({
        id: ids[i + k],
        reference: p.reference,
        amount_minor: p.amountMinor,
        fields: p.fields,
        accepted: p.accepted,
        // The book computes the keys itself; a name beyond ASCII keeps this key if the book folds it so.
        name_key: payeeNameKeyOf(batch.shape, p.fields),
      })),
    )
  let next = partAt(0)
  for (let i = 0; i < payouts.length; i += CHUNK) {
    try {
      const written = c.query('SELECT payout_desk.write_payouts($1, $2, $3, $4::jsonb)', [
        batch.profileId,
        batch.id,
        batch.currency,
        next,
      ])
      next = i + CHUNK < payouts.length ? partAt(i + CHUNK) : ''
      await written
    } catch (error) {
      const e = error as { code?: string; detail?: string }
      if (e.code === '23505') {
        // "Key (…, reference)=(…, REF) already exists.": the reference is the key's last value.
        const reference =
          /\)=\((.*)\) already exists/
            .exec(e.detail ?? '')?.[1]
            ?.split(', ')
            .at(-1) ?? ''
        throw new AppError('CONFLICT', { key: 'referenceTaken', params: { reference } }, { cause: error })
      }
      throw error
    }
  }
  return ids
}

/** Payouts just written: a batch's, found by its index (100,000 ids would be sent back and sought), or these. */
export type TeamWritten = { batch: string } | { ids: readonly string[] }
const whereWritten = (w: TeamWritten): [string, unknown] =>
  'batch' in w ? ['batch_id = $1', w.batch] : ['id = ANY ($1)', w.ids]

/** How many of these payouts have each status, and their total. */
export async function teamBatchStatuses(
  c: Pick<pg.ClientBase, 'query'>,
  written: TeamWritten,
): Promise<TeamBatchStatus[]> {
  const [where, value] = whereWritten(written)
  const { rows } = await c.query<{ status: string; count: number; total: string }>(
    `SELECT status, count(*)::int AS count, sum(amount_minor)::text AS total FROM payout_desk.payouts
      WHERE ${where} GROUP BY status ORDER BY status`,
    [value],
  )
  return rows.map((r) => ({ status: r.status, count: r.count, totalMinor: Number(r.total) }))
}

/** The gateway accounts these payouts were written for (frozen on each at its write, from its profile). */
export async function teamAccountsOf(c: pg.ClientBase, written: TeamWritten): Promise<GatewayAccount[]> {
  const [where, value] = whereWritten(written)
  const { rows } = await c.query<{ account: GatewayAccount }>(
    `SELECT DISTINCT account FROM payout_desk.payouts WHERE ${where}`,
    [value],
  )
  return rows.map((r) => r.account)
}
