import type { ErrorText } from '../../shared/messages/errors.ts'
import { storeText } from '../../shared/messages/stored-text.ts'
import { DISAGREEMENT_REASONS, type AttentionAction } from '../../shared/domain/attention.ts'
import { isFinalStatus, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ResolvedAttention } from '../../shared/ipc/attention-contract.ts'
import { persist } from '../ledger/busy-retry.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { AppError } from '../errors.ts'
import { actionsFor } from './attention-queue.ts'
import type { Engine } from './engine.ts'
import { loadPayout, observe, recordDecision, type EnginePayout } from '../ledger/payout-store.ts'
import { personMay } from '../../shared/domain/state-machine.ts'

export interface Decision {
  payoutId: string
  action: AttentionAction
  note?: string
  gatewayId?: string
  /** The payout's version as the person saw it. */
  version: number
}

/** The status a decision leaves the payout in (null: it asks the gateway or sends again instead). */
export function targetOf(payout: EnginePayout, action: AttentionAction): PayoutStatus | null {
  const detail = payout.attentionDetail
  switch (action) {
    case 'ask':
    case 'resend':
      return null
    case 'not-sent':
      return 'cancelled'
    case 'paid':
      return 'succeeded'
    case 'keep-gateway':
      return detail?.gatewayState ?? payout.status
    case 'keep-ledger':
      // The ledger as it stood when the disagreement was raised.
      return (detail?.ledger?.status as PayoutStatus | undefined) ?? payout.status
  }
}

/**
 * Carries out what a person decided about a payout in the attention queue. Refused, changing nothing,
 * when the payout has moved on since they looked (another version), when the action is not one the
 * queue offers for it now, or while another process talks to the gateway about it. Every decision is an
 * event in the payout's timeline, with the note and the time.
 */
export async function resolveAttention(
  db: Ledger,
  engine: Engine,
  decision: Decision,
  now: () => number = Date.now,
  /** The person's rules (electron/actions/decide.ts), run after the version and availability checks. */
  personRules: (payout: EnginePayout) => void = () => undefined,
): Promise<ResolvedAttention> {
  const check = (): EnginePayout => {
    const payout = loadPayout(db, decision.payoutId)
    if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
    if (payout.version !== decision.version) throw new AppError('CONFLICT', { key: 'payoutChangedSinceSeen' })
    if (!payout.attention) throw new AppError('CONFLICT', { key: 'noDecisionNeeded' })
    if (!actionsFor(payout).includes(decision.action))
      throw new AppError('INVALID_INPUT', { key: 'choiceNotAvailable' })
    personRules(payout)
    return payout
  }
  check()
  const busy = Symbol('busy')
  const result = await engine.leased<ResolvedAttention | typeof busy>(
    decision.payoutId,
    async () => {
      // Checked again under the lease: nothing may have moved between the look and the decision.
      const payout = check()
      const at = now()
      const noted = { action: decision.action, note: decision.note ?? null, version: payout.version }
      if (decision.action === 'ask') {
        await persist(db, () => recordDecision(db, payout.id, at, noted))
        const answer = await engine.refreshHeld(payout.id)
        return outcome(payout.id, answer.kind === 'inconclusive' ? answer.note : null)
      }
      if (decision.action === 'resend') {
        await persist(db, () => recordDecision(db, payout.id, at, noted))
        await engine.resend(payout)
        return outcome(payout.id, null)
      }
      const to = targetOf(payout, decision.action) as PayoutStatus
      const disagreement = DISAGREEMENT_REASONS.has(payout.attention as never)
      if (to !== payout.status && !personMay(payout.status, to, disagreement))
        throw new AppError('INVALID_INPUT', { key: 'choiceNotAvailable' })
      await persist(db, () =>
        db
          .transaction(() => {
            recordDecision(db, payout.id, at, {
              ...noted,
              reason: payout.attention,
              from: payout.status,
              to,
              gatewayId: decision.gatewayId ?? null,
              gateway: payout.attentionDetail?.gateway ?? null,
            })
            observe(
              db,
              payout.id,
              {
                to,
                source: 'user',
                byPerson: true,
                gatewayId: decision.gatewayId ?? null,
                lastError: storeText({
                  key: 'noteDecided',
                  params: { action: decision.action, note: decision.note ?? '' },
                }),
                attention: null,
                // Only a kept gateway answer makes its amount the accepted one; keeping the ledger's does not.
                amountRuling:
                  decision.action === 'keep-gateway'
                    ? (payout.attentionDetail?.gateway?.amountText ?? null)
                    : null,
                nextCheckAt: isFinalStatus(to) ? null : at,
              },
              at,
            )
          })
          .immediate(),
      )
      return outcome(payout.id, null)
    },
    () => busy,
  )
  if (result === busy) throw new AppError('CONFLICT', { key: 'gatewayBusyWithPayout' })
  return result

  function outcome(id: string, said: ErrorText | null): ResolvedAttention {
    const after = loadPayout(db, id)
    return {
      id,
      status: after?.status ?? 'unknown',
      stillNeedsAttention: Boolean(after?.attention),
      said,
    }
  }
}
