import type pg from 'pg'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type {
  TeamApprovals,
  TeamBookConcern,
  TeamConcernShown,
  TeamWaitingPayout,
} from '../../shared/ipc/team-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import type { AccountNamed } from '../ledger/gateway-account.ts'
import { connected } from './team-admin.ts'
import { readCommitted } from './team-batches.ts'
import { OWNER_GROUP } from './team-schema.ts'

/**
 * An owner's approvals on the team ledger: what waits (over a profile's limit), and approving exactly
 * what she was shown. PostgreSQL decides (`payout_desk.approve`): only an owner, never her own payouts,
 * and only if the payouts and their total are still what was shown.
 */
export type WaitingPayout = TeamWaitingPayout
export type Waiting = TeamApprovals

const payee = ({ name, accountNo, bank }: ReturnType<typeof payeeOf>) => ({
  beneficiaryName: name,
  accountNo,
  bank,
})

/**
 * A waiting payout as an approval's notes are judged from it: with its profile, its payee's fields, what
 * its person accepted writing it, when, and the account it was written for. Kept on the desk: the doors
 * show the `WaitingPayout` part.
 */
/** A waiting payout as listed, before the desk's notes and the book's concerns are judged. */
export type WaitingShown = Omit<WaitingPayout, 'notes' | 'concerns'>

export interface WaitingRead {
  shown: WaitingShown
  profileId: string
  fields: Record<string, string>
  /** The codes of what its person accepted when writing it (a repeat, an account change). */
  accepted: readonly string[]
  /** When it was written, in microseconds. */
  at: bigint
  /** The gateway account it was written for (frozen on it), if it has one. */
  account: AccountNamed | null
  /** The gateway and area its fields are written for. */
  provider: ProviderId
  area: string
}

/** Everything that waits for an owner's approval, oldest first, and who asks. */
export async function readWaiting(
  client: pg.ClientBase,
): Promise<{ me: string; owner: boolean; owners: ReadonlySet<string>; payouts: WaitingRead[] }> {
  const who = await client.query<{ me: string; owner: boolean }>(
    "SELECT session_user AS me, pg_has_role(session_user, $1, 'MEMBER') AS owner",
    [OWNER_GROUP],
  )
  const { me, owner } = who.rows[0] ?? { me: '', owner: false }
  // The owners by their membership granted, not by privilege: an administrator (a superuser has every
  // role's rights) who moved a ledger in is nobody's second pair of eyes.
  const owners = await client.query<{ name: string }>(
    `SELECT r.rolname AS name FROM pg_auth_members m
       JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = $1`,
    [OWNER_GROUP],
  )
  const rows = await client.query<{
    id: string
    reference: string
    profile: string
    profile_id: string
    environment: 'sandbox' | 'production'
    amount_minor: string
    currency: CurrencyCode
    fields: Record<string, string>
    provider: ProviderId
    area: string
    prepared_by: string
    created_at: Date
    at: string
    batch_id: string | null
    accepted: ({ code?: unknown } | null)[] | null
    account: WaitingRead['account']
  }>(
    `SELECT p.id, p.reference, pr.name AS profile, p.profile_id,
       COALESCE(p.account->>'environment', pr.environment) AS environment, p.amount_minor, p.currency,
            p.fields, COALESCE(p.account->>'provider', pr.provider) AS provider,
            COALESCE(p.account->>'area', pr.area) AS area, p.prepared_by, p.created_at, p.batch_id,
            (extract(epoch FROM p.created_at) * 1000000)::bigint::text AS at, p.accepted, p.account
       FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
      WHERE p.status = 'awaiting_approval' ORDER BY p.created_at, p.id`,
  )
  return {
    me,
    owner,
    owners: new Set(owners.rows.map((r) => r.name)),
    payouts: rows.rows.map((r) => ({
      shown: {
        id: r.id,
        reference: r.reference,
        profile: r.profile,
        environment: r.environment,
        amountMinor: Number(r.amount_minor),
        currency: r.currency,
        ...payee(payeeOf(r.provider, r.area, r.fields)),
        preparedBy: r.prepared_by,
        createdAt: r.created_at.toISOString(),
        batchId: r.batch_id,
      },
      profileId: r.profile_id,
      fields: r.fields,
      // Written by psql, it may say anything: only the codes are read.
      accepted: (Array.isArray(r.accepted) ? r.accepted : []).flatMap((a) =>
        typeof a?.code === 'string' ? [a.code] : [],
      ),
      at: BigInt(r.at),
      account: r.account,
      provider: r.provider,
      area: r.area,
    })),
  }
}

/** A concern of the book's an owner was shown of a waiting payout (team migration 18). */
export type BookConcernShown = TeamConcernShown

/** What the book notes of a waiting payout, with the payout an owner saw that it is judged by. */
export interface BookConcern extends BookConcernShown {
  /** new_account, other_name: the fields of the newest payout an owner saw that differs. */
  seenFields: Record<string, string> | null
  /** new_payee: how many payouts of this name or account were written before, none seen by an owner. */
  paidBefore: number
}

/** The book's own concerns of these waiting payouts (`approval_concerns`, team migration 18). */
export async function readBookConcerns(
  client: pg.ClientBase,
  ids: readonly string[],
): Promise<BookConcern[]> {
  if (ids.length === 0) return []
  const { rows } = await client
    .query<{
      id: string
      kind: TeamBookConcern
      seen_fields: Record<string, string> | null
      paid_before: number | null
    }>(
      `SELECT payout_id AS id, kind, seen_fields, paid_before
         FROM payout_desk.approval_concerns($1::uuid[]) ORDER BY payout_id, kind`,
      [ids],
    )
    .catch((error: unknown) => {
      // A book before team migration 18 keeps no concerns of its own: the desk's notes are what the
      // owner is shown, as before it.
      if ((error as { code?: string }).code === '42883') return { rows: [] }
      throw error
    })
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    seenFields: r.seen_fields,
    paidBefore: r.paid_before ?? 0,
  }))
}

/** Runs `work` in one READ COMMITTED transaction on a connection of its own, as an approval is made. */
export function inApprovalTransaction<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return connected(url, (client) => readCommitted(client, work))
}

/** A payout an approval names, as the payee rule reads it: whom it pays, when, and with which file. */
export interface PayoutToApprove {
  id: string
  reference: string
  profileId: string
  fields: Record<string, string>
  /** When it was written, in microseconds. */
  at: bigint
  batch: string | null
  /** The gateway account it was written for (frozen on it), if it has one. */
  account: AccountNamed | null
}

export async function teamPayoutsToApprove(
  client: pg.ClientBase,
  ids: readonly string[],
): Promise<PayoutToApprove[]> {
  const { rows } = await client.query<Omit<PayoutToApprove, 'at'> & { at: string }>(
    `SELECT id, reference, profile_id AS "profileId", fields, batch_id AS batch, account,
            (extract(epoch FROM created_at) * 1000000)::bigint::text AS at
       FROM payout_desk.payouts WHERE id = ANY ($1) ORDER BY created_at, id`,
    [ids],
  )
  return rows.map((r) => ({ ...r, at: BigInt(r.at) }))
}

/**
 * The book's refusals of an approval that name one payout (its reference in the error's DETAIL): its payee
 * is known at another account since (PD006; met at a desk only when desk and book read a tie apart), or
 * its payee's name cannot be checked (PD007), it is a Retry of a payout that may have paid since (PD008),
 * or the book notes of it what the owner did not acknowledge (PD017: it came since she was shown the list).
 */
const BY_REFERENCE: Readonly<
  Record<
    string,
    'teamApprovalPayeeMovedBook' | 'teamApprovalNameUnread' | 'teamApprovalRetryPaid' | 'teamApprovalNotShown'
  >
> = {
  PD006: 'teamApprovalPayeeMovedBook',
  PD007: 'teamApprovalNameUnread',
  PD008: 'teamApprovalRetryPaid',
  PD017: 'teamApprovalNotShown',
}

/**
 * Approves the payouts a person was shown by id, with the total she was shown and the book's concerns
 * she was shown of them, in `client`'s transaction. PostgreSQL refuses all of it if any is no longer
 * waiting, the total differs, or the book notes of one what she did not acknowledge (team migration 18).
 */
export async function approveIds(
  client: pg.ClientBase,
  ids: readonly string[],
  total: number,
  acknowledged: readonly BookConcernShown[],
): Promise<number> {
  try {
    // Nothing to acknowledge: the form every book has (from migration 18 it acknowledges nothing).
    const done = await client.query<{ n: number }>(
      acknowledged.length === 0
        ? 'SELECT payout_desk.approve($1::uuid[], $2) AS n'
        : 'SELECT payout_desk.approve($1::uuid[], $2, $3) AS n',
      acknowledged.length === 0 ? [ids, total] : [ids, total, acknowledged.map((c) => `${c.id} ${c.kind}`)],
    )
    return done.rows[0]?.n ?? 0
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'PD001') throw new AppError('CONFLICT', { key: 'teamApprovalChanged' }, { cause: error })
    // The book's own payee checks (team migration 15), which a desk's runs before them, name the payout.
    const refusal = BY_REFERENCE[code ?? '']
    if (refusal) {
      const reference = (error as { detail?: string }).detail ?? ''
      throw new AppError('CONFLICT', { key: refusal, params: { reference } }, { cause: error })
    }
    if (code === '42501') throw new AppError('FORBIDDEN', { key: 'teamApprovalRefused' }, { cause: error })
    throw error
  }
}
