import { randomUUID } from 'node:crypto'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import { accountOf } from '../ledger/gateway-account.ts'
import type { EnginePayout } from '../ledger/payout-store.ts'
import { referenceSeries } from '../payouts/draft-payout.ts'
import { judgeRetry } from '../payouts/retry-answer.ts'
import { retryRefusal } from '../payouts/retry-failed.ts'
import { changeParams } from '../recipients/payee-rule.ts'
import type { TeamDesk } from '../services/team-desk.ts'
import { inTeamTransaction, lockTeamAccount } from '../team/team-batches.ts'
import { teamProfileRules, type Written } from '../team/team-review-reads.ts'
import {
  earlierInTeamChain,
  earlierMayHavePaidOnTeam,
  movedInFromDesk,
  refusedOnTeamBy,
  retriedOnTeamAs,
  teamRetryCandidates,
  writeTeamRetry,
} from '../team/team-retries.ts'
import { earlierDefinitelyUnpaid } from './retry-earlier.ts'
import { teamPayeeMatch } from './team-import.ts'

export interface TeamRetried {
  id: string
  reference: string
  /** What the new payout is now: sent (processing or final), or awaiting_approval over a limit. */
  status: string
}

/**
 * Pays again, as a new linked payout, a team payout that did not pay: the same rules as a desk's Retry
 * (actions/retry.ts). Refused, writing nothing, while a question about it is open, once it was paid
 * again, when its profile now names another gateway account or its payee is known at another account
 * since; and unless the gateway, asked now under the profile's sending, definitely did not pay it. Only
 * a desk holding the profile's secret asks, so only such a desk pays again; it sends what it wrote.
 */
export async function retryForTeam(desk: TeamDesk, payoutId: string): Promise<TeamRetried> {
  const original = await retryable(desk, payoutId)
  if (!(await desk.sendsFor()).includes(original.profileId)) {
    const profile = await desk.store.profile(original.profileId)
    throw new AppError('FORBIDDEN', {
      key: 'teamDecisionNeedsSecret',
      params: { profile: profile?.name ?? '' },
    })
  }
  const rules = await teamProfileRules(desk.pool, original.profileId, 'id')
  /** Refused when the payee's newest payout, besides those named, is at another account. */
  const payeeStays = async (db: Parameters<typeof teamPayeeMatch>[0], except?: Written) => {
    const payee = (await teamPayeeMatch(db, rules, [original.fields], except))(original.fields)
    if (payee.kind === 'changed')
      throw new AppError('INVALID_INPUT', { key: 'retryPayeeMoved', params: changeParams(payee) })
  }
  await payeeStays(desk.pool)
  // A Retry of a Retry: every payout before it is asked about too, each definitely not paid.
  const before = await earlierDefinitelyUnpaid(
    desk.engine,
    await earlierInTeamChain(desk.pool, payoutId),
    (id) => desk.store.payout(id),
  )
  if (!before.definite) throw new AppError('CONFLICT', before.why)
  const written = await desk.engine.leased<{ id: string; reference: string } | { why: ErrorText }>(
    payoutId,
    async () => {
      const fresh = await desk.engine.askBeforeRetryHeld(payoutId)
      // The answer may have moved it, or raised it for a person: looked at again, under the lease.
      const now = await retryable(desk, payoutId)
      const answer = judgeRetry(now, fresh, Date.now(), desk.engine.settleMs)
      if (!answer.definite) return { why: answer.why }
      const reference = referenceSeries(Date.now())()
      const id = randomUUID()
      // Asked again after the write, under the lock of the gateway account the payout was written for
      // (where the Retry goes): a payout of the payee written at another account while the gateway was
      // asked, through any profile of this account, is seen, and the write is undone.
      await inTeamTransaction(desk.pool, async (c) => {
        await lockTeamAccount(c, now.account ?? rules)
        await writeTeamRetry(c, now, { id, reference }, desk.pool)
        await payeeStays(c, { batch: null, ids: [id] })
      })
      return { id, reference }
    },
    () => ({ why: { key: 'retryBusy' } }),
  )
  if ('why' in written) throw new AppError('CONFLICT', written.why)
  // Within the limits it is ready, and this desk holds the secret: it leaves now, as a desk's Retry does.
  await desk.engine.send(written.id).catch(() => undefined)
  const after = await desk.store.payout(written.id)
  return { ...written, status: after?.status ?? 'queued' }
}

/** The payout Retry would pay again, or why it must not (AppError, nothing written). */
async function retryable(desk: TeamDesk, id: string): Promise<EnginePayout> {
  const payout = await desk.store.payout(id)
  if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  const profile = await desk.store.profile(payout.profileId)
  const refusal = retryRefusal(
    payout,
    profile ? accountOf(profile) : null,
    await retriedOnTeamAs(desk.pool, id),
  )
  if (refusal) throw new AppError('INVALID_INPUT', refusal)
  // A Retry of a Retry: its own original is plainly failed, but the first of the chain may have paid since
  // (the gateway contradicted itself), as the desk's Retry judges (payouts/retry-failed.ts, review 77).
  if (await earlierMayHavePaidOnTeam(desk.pool, id))
    throw new AppError('CONFLICT', { key: 'retryEarlierMayHavePaid' })
  // Refused before its gateway is asked (the ledger would refuse the write after): that desk holds it.
  if (await movedInFromDesk(desk.pool, id)) throw new AppError('INVALID_INPUT', { key: 'retryMovedFromDesk' })
  const refusedBy = await refusedOnTeamBy(desk.pool, id)
  if (refusedBy !== null)
    throw new AppError('INVALID_INPUT', { key: 'retryRefusedByOwner', params: { person: refusedBy } })
  return payout
}

export interface TeamRetriedBatch {
  batchId: string
  retried: (TeamRetried & { retryOf: string })[]
  /** Not paid again, each with why: asked, the gateway could not say it did not pay; its payee moved. */
  left: { reference: string; why: ErrorText }[]
}

/**
 * Retry of a team batch's payouts that did not pay: each asked about and paid again as one is
 * (retryForTeam), the others left as they were and named with the reason, as a desk's batch Retry does.
 * When none could be paid again, nothing was written and the refusal names them.
 */
export async function retryTeamBatch(
  desk: TeamDesk,
  batch: string,
  /**
   * The payouts the person was shown and said yes to: only those are paid again. One that failed since
   * waits for the next look; one paid again elsewhere meanwhile is no longer a candidate.
   */
  shown: readonly string[],
): Promise<TeamRetriedBatch> {
  const seen = new Set(shown)
  const { batchId, payouts: all } = await teamRetryCandidates(desk.pool, batch)
  const payouts = all.filter((p) => seen.has(p.id))
  if (payouts.length === 0) throw new AppError('INVALID_INPUT', { key: 'retryNothingLeft' })
  const retried: TeamRetriedBatch['retried'] = []
  const left: TeamRetriedBatch['left'] = []
  for (const [i, p] of payouts.entries()) {
    try {
      retried.push({ ...(await retryForTeam(desk, p.id)), retryOf: p.reference })
    } catch (error) {
      const stopped = !(error instanceof AppError) || error.code === 'FORBIDDEN'
      if (!stopped) {
        left.push({ reference: p.reference, why: error.text })
        continue
      }
      // No payout of it can be asked about any more (no secret here, the server gone): before any was
      // paid again, that is the answer; after, what was paid again is said, and the rest left with why.
      // With the server gone this one may have been written just before: its words say so.
      if (retried.length === 0) throw error
      const why: ErrorText =
        error instanceof AppError
          ? error.text
          : { key: 'teamRetryStopped', params: { detail: String(error) } }
      for (const rest of payouts.slice(i)) left.push({ reference: rest.reference, why })
      break
    }
  }
  if (retried.length === 0)
    throw new AppError(
      'CONFLICT',
      left.length === 1 && left[0]
        ? left[0].why
        : { key: 'retryNoneOfBatch', params: { references: left.map((l) => l.reference).join(', ') } },
    )
  return { batchId, retried, left }
}
