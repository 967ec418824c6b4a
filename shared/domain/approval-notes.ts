import type { TeamApprovalNote, TeamConcernShown, TeamWaitingPayout } from '../ipc/team-contract.ts'

/**
 * How much a note asks of the owner, most first: what would not be sent, what this desk could not judge
 * (a profile moved since: review 76 D), an account its payee was not seen at, then what its preparer
 * marked as accepted, then repeats. A month's payroll repeats last month's amounts, each marked
 * accepted; they come last, so the few that matter are named first.
 */
function concern(n: TeamApprovalNote): number {
  switch (n.kind) {
    case 'not_sendable':
      return 0
    case 'new_account':
      return n.accepted ? 3 : 1
    case 'other_name':
    case 'two_accounts':
      return 2
    case 'new_payee':
      return 4
    case 'twice_waiting':
      return n.accepted ? 6 : 5
    case 'paid_recently':
      return n.accepted ? 8 : 7
    case 'unchecked':
      return 1
    case 'decided_not_paid':
      return 2
  }
}

/** At most this concern is always named: a new account, marked or not (the mark is its preparer's), and above. */
const SERIOUS = 3

const rank = (p: Pick<TeamWaitingPayout, 'notes'>) => Math.min(...p.notes.map(concern))

/** The waiting payouts that carry notes, the most concerning first (in their order otherwise). */
export function notedByConcern<P extends Pick<TeamWaitingPayout, 'notes'>>(payouts: readonly P[]): P[] {
  return payouts.filter((p) => p.notes.length > 0).sort((a, b) => rank(a) - rank(b))
}

/**
 * The noted payouts an approval names before it asks: at least `most`, and every one that would not be
 * sent, goes to an account its payee was not seen at, or to an account known under another name, however
 * many (review 75 R3: the one that mattered was cut after the first five).
 */
export function notedToName<P extends Pick<TeamWaitingPayout, 'notes'>>(
  payouts: readonly P[],
  most: number,
): P[] {
  const noted = notedByConcern(payouts)
  return noted.slice(0, Math.max(most, noted.filter((p) => rank(p) <= SERIOUS).length))
}

/** How many of these payouts carry each kind of note, most concerning kind first; kinds none carries left out. */
export function noteKinds(
  payouts: readonly Pick<TeamWaitingPayout, 'notes'>[],
): [TeamApprovalNote['kind'], number][] {
  const kinds = new Map<TeamApprovalNote['kind'], { count: number; worst: number }>()
  for (const p of payouts)
    for (const kind of new Set(p.notes.map((n) => n.kind))) {
      const worst = Math.min(...p.notes.filter((n) => n.kind === kind).map(concern))
      const seen = kinds.get(kind)
      kinds.set(kind, { count: (seen?.count ?? 0) + 1, worst: Math.min(seen?.worst ?? worst, worst) })
    }
  return [...kinds]
    .sort((a, b) => a[1].worst - b[1].worst)
    .map(([kind, { count }]): [TeamApprovalNote['kind'], number] => [kind, count])
}

/** The book's concerns of these payouts as they were shown: an approval passes them back (team migration 18). */
export const acknowledgedOf = (
  shown: readonly Pick<TeamWaitingPayout, 'id' | 'concerns'>[],
): TeamConcernShown[] => shown.flatMap((p) => p.concerns.map((kind) => ({ id: p.id, kind })))
