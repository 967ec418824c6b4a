import type { ErrorText } from '../../shared/messages/errors.ts'
import type { Engine } from '../payouts/engine.ts'
import { judgeRetry, type RetryAnswer, type RetryQuestion } from '../payouts/retry-answer.ts'

/**
 * A Retry of a Retry pays again every payout before it in its chain, not only its own original: each is
 * asked about at the gateway now, under its own lease, as the original is (retry-answer.ts), and the
 * Retry goes ahead only when each definitely did not pay. The gateway's late word that the first payout
 * paid after all may never have reached the ledger (a callback lost, or refused while another desk held
 * the sending): asked now, it is recorded, and the chain's check then refuses (review 78).
 * `earlier` is nearest first; `load` reads a payout as the ledger holds it after the answer.
 */
export async function earlierDefinitelyUnpaid(
  engine: Pick<Engine, 'leased' | 'askBeforeRetryHeld' | 'settleMs'>,
  earlier: readonly string[],
  load: (id: string) => RetryQuestion | null | undefined | Promise<RetryQuestion | null | undefined>,
): Promise<RetryAnswer> {
  for (const id of earlier) {
    const answer = await engine.leased<RetryAnswer>(
      id,
      async () => {
        const fresh = await engine.askBeforeRetryHeld(id)
        const payout = await load(id)
        if (!payout) return { definite: false, why: { key: 'payoutNotFound' } }
        return judgeRetry(payout, fresh, Date.now(), engine.settleMs)
      },
      () => ({ definite: false, why: { key: 'retryBusy' } satisfies ErrorText }),
    )
    if (!answer.definite)
      // "The gateway reports this payout as paid" would name the wrong payout: it is an earlier one.
      return answer.why.key === 'retryGatewaySays'
        ? { definite: false, why: { key: 'retryEarlierMayHavePaid' } }
        : answer
  }
  return { definite: true }
}
