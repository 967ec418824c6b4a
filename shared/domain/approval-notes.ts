import type { TeamApprovalNote, TeamWaitingPayout } from '../ipc/team-contract.ts'

/**
 * How much a note asks of the owner, most first: what would not be sent, an account its payee was not
 * seen at, then what its preparer marked as accepted, then repeats. A month's payroll repeats last
 * month's amounts, each marked accepted; they come last, so the few that matter are named first.
 */
function concern(n: TeamApprovalNote): number {
  switch (n.kind) {
    case 'not_sendable':
      return 0
    case 'new_account':
      return n.accepted ? 3 : 1
    case 'other_name':
      return 2
    case 'new_payee':
      return 4
    case 'twice_waiting':
      return n.accepted ? 6 : 5
    case 'paid_recently':
      return n.accepted ? 8 : 7
    case 'unchecked':
      return 9
  }
}

/** The waiting payouts that carry notes, the most concerning first (in their order otherwise). */
export function notedByConcern<P extends Pick<TeamWaitingPayout, 'notes'>>(payouts: readonly P[]): P[] {
  const rank = (p: P) => Math.min(...p.notes.map(concern))
  return payouts.filter((p) => p.notes.length > 0).sort((a, b) => rank(a) - rank(b))
}
