import type { ResolvedAttention } from '../../shared/ipc/attention-contract.ts'
import type { AttentionItem } from '../../shared/ipc/attention-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import type { EnginePayout } from '../ledger/payout-store.ts'
import { actionsFor, attentionItemOf } from '../payouts/attention-queue.ts'
import { targetOf, type Decision } from '../payouts/decisions.ts'
import type { TeamDesk } from '../services/team-desk.ts'
import { teamAttentionIds, writeTeamDecision } from '../team/team-decisions.ts'
import { needsNote, personDecision } from './decide.ts'

/*
 * Needs your decision on the team ledger: the same choices and rules as on a desk's own
 * (payouts/attention-queue.ts, payouts/decisions.ts), written by PostgreSQL as the person who decided
 * (team-decision-schema.ts). Any person of the team may settle what they checked with the gateway; only a
 * desk holding the profile's secret asks the gateway or sends again, under the profile's sending.
 */

/** The team's payouts that wait for a person, as Needs your decision and `team attention` show them. */
export async function teamAttention(desk: TeamDesk): Promise<AttentionItem[]> {
  const items: AttentionItem[] = []
  for (const id of await teamAttentionIds(desk.pool)) {
    const payout = await desk.store.payout(id)
    const profile = payout && (await desk.store.profile(payout.profileId))
    if (payout?.attention && profile) items.push(attentionItemOf(payout, profile))
  }
  return items
}

export async function decideForTeam(desk: TeamDesk, given: Decision): Promise<ResolvedAttention> {
  const decision = personDecision(given)
  const { action } = decision
  const check = async (): Promise<EnginePayout> => {
    const payout = await desk.store.payout(decision.payoutId)
    if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
    if (payout.version !== decision.version) throw new AppError('CONFLICT', { key: 'payoutChangedSinceSeen' })
    if (!payout.attention) throw new AppError('CONFLICT', { key: 'noDecisionNeeded' })
    if (!actionsFor(payout).includes(action))
      throw new AppError('INVALID_INPUT', { key: 'choiceNotAvailable' })
    needsNote(decision)
    return payout
  }
  const payout = await check()
  const note = decision.note ?? null
  if (action !== 'ask' && action !== 'resend') {
    // The ledger writes what the decision means (its words, a kept amount) from the payout as stored.
    await writeTeamDecision(desk.pool, payout.id, decision.version, {
      action,
      note,
      to: targetOf(payout, action),
      ...(action === 'paid' && decision.gatewayId ? { gatewayId: decision.gatewayId } : {}),
    })
    return outcome(desk, payout.id, null)
  }
  // Asking or sending again talks to the gateway: only a desk holding the profile's secret does.
  if (!(await desk.sendsFor()).includes(payout.profileId)) {
    const profile = await desk.store.profile(payout.profileId)
    throw new AppError('FORBIDDEN', {
      key: 'teamDecisionNeedsSecret',
      params: { profile: profile?.name ?? '' },
    })
  }
  const busy = Symbol('busy')
  const said = await desk.engine.leased<ErrorText | null | typeof busy>(
    payout.id,
    async () => {
      // Checked again under the lease: nothing may have moved between the look and the decision.
      const held = await check()
      await writeTeamDecision(desk.pool, held.id, held.version, { action, note, to: null })
      if (action === 'resend') {
        await desk.engine.resend(held)
        return null
      }
      const answer = await desk.engine.refreshHeld(held.id)
      return answer.kind === 'inconclusive' ? answer.note : null
    },
    () => busy,
  )
  if (said === busy) throw new AppError('CONFLICT', { key: 'gatewayBusyWithPayout' })
  return outcome(desk, payout.id, said)
}

async function outcome(desk: TeamDesk, id: string, said: ErrorText | null): Promise<ResolvedAttention> {
  const after = await desk.store.payout(id)
  return { id, status: after?.status ?? 'unknown', stillNeedsAttention: Boolean(after?.attention), said }
}
