import { randomUUID } from 'node:crypto'
import type { TeamPayoutForm, TeamPayoutReview, TeamPayoutWritten } from '../../shared/ipc/team-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { AppError } from '../errors.ts'
import { ACCOUNT_WARNINGS } from '../import/commit-import.ts'
import { referenceSeries } from '../payouts/draft-payout.ts'
import { atTeamPool } from '../team/team-pool.ts'
import { teamPayoutForm } from '../team/team-review-reads.ts'
import { reviewTeamPayout, writeTeamPayout, type TeamPayRequest, type TeamPayReview } from './team-pay.ts'
import { ledgerOf } from './team-review-target.ts'

/*
 * New payout and Pay again on the team ledger, in the window: reviewed as `team pay` reviews it
 * (team-pay.ts), shown, then written exactly as reviewed once the person said yes to what it warned
 * about. The review stays in main until its write, with the reference it was given: a write whose answer
 * was lost (the server went away midway) is asked again under that reference, and a payout already
 * written under it is that payout, never a second one.
 */

interface Kept {
  url: string
  request: TeamPayRequest
  reviewed: TeamPayReview
  /** A write was tried: it may have reached the ledger even if its answer did not. */
  tried: boolean
}

/** Reviews kept for their write; an older one is forgotten (the person reviews again). */
const KEPT = 16

export function teamPayReviews(url: () => Promise<string>) {
  const kept = new Map<string, Kept>()
  return {
    async review(input: {
      profileId: string
      amount: string
      fields: Record<string, string>
    }): Promise<TeamPayoutReview> {
      const at = await url()
      const request: TeamPayRequest = {
        profile: { id: input.profileId },
        amount: input.amount,
        fields: input.fields,
        reference: referenceSeries(Date.now())(),
      }
      const reviewed = await atTeamPool(at, (pool) => reviewTeamPayout(pool, request))
      const reviewId = randomUUID()
      kept.set(reviewId, { url: at, request, reviewed, tried: false })
      for (const old of kept.keys()) if (kept.size > KEPT) kept.delete(old)
      const { row, review } = reviewed
      return {
        reviewId,
        reference: request.reference ?? '',
        profile: { name: review.profile.name, environment: review.profile.environment },
        currency: review.staged.currency,
        amountMinor: row.amountMinor,
        errors: row.errors,
        warnings: row.warnings.map((w) => ({ ...w, accountChange: ACCOUNT_WARNINGS.has(w.code) })),
      }
    },

    async write(
      reviewId: string,
      accepted: { acceptRepeat: boolean; acceptAccountChange: boolean },
    ): Promise<TeamPayoutWritten> {
      const k = kept.get(reviewId)
      if (!k) throw new AppError('CONFLICT', { key: 'teamPayReviewGone' })
      const now = await url()
      // Written only to the ledger, and as the person, it was checked on.
      if (ledgerOf(now) !== ledgerOf(k.url))
        throw new AppError('CONFLICT', { key: 'teamLedgerChangedMeanwhile' })
      const written = await atTeamPool(now, async (pool) => {
        if (k.tried) {
          const again = await reviewTeamPayout(pool, k.request)
          if (again.existing) return { ...again.existing, existing: true }
        }
        k.tried = true
        const paid = await writeTeamPayout(pool, k.reviewed, {
          duplicates: accepted.acceptRepeat,
          accountChange: accepted.acceptAccountChange,
        })
        return { ...paid, existing: false }
      })
      kept.delete(reviewId)
      return written
    },
  }
}

/**
 * A paid team payout, as Pay again fills New payout from it. One that did not pay is paid again by
 * Retry, which asks the gateway first and links the two: a fresh payout beside it could pay it twice.
 */
export async function teamPayAgainForm(url: string, id: string): Promise<TeamPayoutForm> {
  const payout = await atTeamPool(url, (pool) => teamPayoutForm(pool, id))
  if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  if (payout.status !== 'succeeded') throw new AppError('INVALID_INPUT', { key: 'teamPayAgainNotPaid' })
  return {
    profileId: payout.profileId,
    amountMinor: payout.amountMinor,
    currency: payout.currency as CurrencyCode,
    fields: payout.fields,
  }
}
