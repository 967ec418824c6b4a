import type { TeamWaitingPayout } from '../../../../shared/ipc/team-contract.ts'

/**
 * What waits for approval, as one Approve names it: the payouts of one file (its batch), or one payout
 * written on its own. One profile, one currency and one kind of money per group, so its total means
 * something.
 */
export interface ApprovalGroup {
  key: string
  batchId: string | null
  profile: string
  environment: 'sandbox' | 'production'
  currency: TeamWaitingPayout['currency']
  payouts: TeamWaitingPayout[]
  totalMinor: number
  preparedBy: string[]
}

export function approvalGroups(payouts: readonly TeamWaitingPayout[]): ApprovalGroup[] {
  const groups = new Map<string, TeamWaitingPayout[]>()
  for (const p of payouts) {
    const key = p.batchId ? `${p.batchId} ${p.profile} ${p.currency} ${p.environment}` : p.id
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  return [...groups].map(([key, members]) => {
    const first = members[0] as TeamWaitingPayout
    return {
      key,
      batchId: first.batchId,
      profile: first.profile,
      environment: first.environment,
      currency: first.currency,
      payouts: members,
      totalMinor: members.reduce((sum, p) => sum + p.amountMinor, 0),
      preparedBy: [...new Set(members.map((p) => p.preparedBy))],
    }
  })
}
