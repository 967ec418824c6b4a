import type pg from 'pg'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { TeamApprovals, TeamWaitingPayout } from '../../shared/ipc/team-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import type { GatewayAccount } from '../ledger/gateway-account.ts'
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

/** Everything that waits for an owner's approval, oldest first. */
export async function waitingForApproval(url: string): Promise<Waiting> {
  return connected(url, async (client) => {
    const who = await client.query<{ me: string; owner: boolean }>(
      "SELECT session_user AS me, pg_has_role(session_user, $1, 'MEMBER') AS owner",
      [OWNER_GROUP],
    )
    const { me, owner } = who.rows[0] ?? { me: '', owner: false }
    const rows = await client.query<{
      id: string
      reference: string
      profile: string
      environment: 'sandbox' | 'production'
      amount_minor: string
      currency: CurrencyCode
      fields: Record<string, string>
      provider: ProviderId
      area: string
      prepared_by: string
      created_at: Date
      batch_id: string | null
    }>(
      `SELECT p.id, p.reference, pr.name AS profile,
         COALESCE(p.account->>'environment', pr.environment) AS environment, p.amount_minor, p.currency,
              p.fields, COALESCE(p.account->>'provider', pr.provider) AS provider,
              COALESCE(p.account->>'area', pr.area) AS area, p.prepared_by, p.created_at, p.batch_id
         FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
        WHERE p.status = 'awaiting_approval' ORDER BY p.created_at, p.id`,
    )
    return {
      me,
      owner,
      payouts: rows.rows.map((r) => ({
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
      })),
    }
  })
}

/**
 * What an approval of `which` would approve, to show the person before they say yes: only an owner's,
 * each named reference must be waiting, and "all" leaves what this login prepared (nobody approves their
 * own; PostgreSQL refuses it too). Every door shows `shown`, asks, then approves it
 * (actions/team-approve.ts).
 */
export async function approvalToShow(
  url: string,
  which: 'all' | readonly string[],
  profile?: string,
): Promise<{ shown: WaitingPayout[]; leftAsOwn: number }> {
  const { me, owner, payouts } = await waitingForApproval(url)
  if (!owner) throw new AppError('FORBIDDEN', { key: 'teamApprovalRefused' })
  if (which === 'all') {
    const shown = payouts.filter((p) => p.preparedBy !== me)
    return { shown, leftAsOwn: payouts.length - shown.length }
  }
  const inProfile = payouts.filter((p) => !profile || p.profile === profile)
  const shown = which.flatMap((name) => {
    const batch = waitingOfBatch(inProfile, name)
    // References are unique per profile only: the same one waiting in two profiles is never guessed
    // between (one of them could be anybody's payout to anybody under a familiar name).
    const found = inProfile.filter((p) => p.reference === name)
    if (batch && found.length > 0)
      throw new AppError('CONFLICT', { key: 'teamBatchOrReference', params: { name } })
    if (batch) return batch
    if (found.length === 0)
      throw new AppError('NOT_FOUND', { key: 'teamNotWaiting', params: { reference: name } })
    if (found.length > 1)
      throw new AppError('CONFLICT', {
        key: 'teamReferenceInProfiles',
        params: { reference: name, profiles: found.map((p) => p.profile).join(', ') },
      })
    return [found[0] as WaitingPayout]
  })
  return { shown: [...new Map(shown.map((p) => [p.id, p])).values()], leftAsOwn: 0 }
}

/**
 * What waits of the batch a person named by its id or its first 8 characters at least (as printed), or
 * null when no waiting batch is named so. A start shared by two waiting batches names neither.
 */
function waitingOfBatch(payouts: readonly WaitingPayout[], name: string): WaitingPayout[] | null {
  const text = name.trim().toLowerCase()
  if (!/^[0-9a-f-]{8,36}$/.test(text)) return null
  const batches = new Set(payouts.flatMap((p) => (p.batchId?.startsWith(text) ? [p.batchId] : [])))
  if (batches.size > 1) throw new AppError('CONFLICT', { key: 'teamBatchNameShared', params: { name } })
  const [batch] = batches
  return batch ? payouts.filter((p) => p.batchId === batch) : null
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
  account: Pick<GatewayAccount, 'provider' | 'baseUrl' | 'merchantId'> | null
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
 * its payee's name cannot be checked (PD007), or it is a Retry of a payout that may have paid since (PD008).
 */
const BY_REFERENCE: Readonly<
  Record<string, 'teamApprovalPayeeMovedBook' | 'teamApprovalNameUnread' | 'teamApprovalRetryPaid'>
> = {
  PD006: 'teamApprovalPayeeMovedBook',
  PD007: 'teamApprovalNameUnread',
  PD008: 'teamApprovalRetryPaid',
}

/**
 * Approves the payouts a person was shown by id, with the total she was shown, in `client`'s transaction.
 * PostgreSQL refuses all of it if any is no longer waiting or the total differs.
 */
export async function approveIds(
  client: pg.ClientBase,
  ids: readonly string[],
  total: number,
): Promise<number> {
  try {
    const done = await client.query<{ n: number }>('SELECT payout_desk.approve($1::uuid[], $2) AS n', [
      ids,
      total,
    ])
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
