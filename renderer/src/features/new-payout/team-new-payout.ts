import { ApiError, errorMessage, unwrap } from '../../api/call.ts'
import type { NewPayoutState } from './new-payout-store.ts'
import { sendProblem } from './send-problem.ts'

type Get = () => NewPayoutState
type Set = (partial: Partial<NewPayoutState>) => void

/** A team review forgotten with the person's yes to its warnings: a yes is to one review's warnings. */
export const NO_TEAM_REVIEW = { teamReview: null, acceptRepeat: false, acceptChange: false }

const formKey = (s: NewPayoutState) => JSON.stringify([s.profileId, s.amountText, s.fields])

/**
 * New payout on the team ledger: as the confirmation opens, main checks the payout against the team's
 * book (the gateway's rules, a repeat, a known payee at another account). The confirmation shows that
 * review, and Write writes exactly it. An answer about a form since edited is thrown away.
 */
export async function askTeam(get: Get, set: Set): Promise<void> {
  const asked = get()
  if (!asked.profileId) return
  try {
    const teamReview = await unwrap(
      window.api.reviewTeamPayout({
        profileId: asked.profileId,
        amount: asked.amountText,
        fields: asked.fields,
      }),
    )
    if (formKey(get()) === formKey(asked) && get().phase === 'confirm') set({ teamReview })
  } catch (error) {
    if (formKey(get()) === formKey(asked))
      set({ phase: 'edit', problem: { kind: 'refused', message: errorMessage(error) } })
  }
}

/** Every warning of the review has the person's yes. */
export function teamAccepted(
  s: Pick<NewPayoutState, 'teamReview' | 'acceptRepeat' | 'acceptChange'>,
): boolean {
  const review = s.teamReview
  if (!review || review.errors.length > 0) return false
  return review.warnings.every((w) => (w.accountChange ? s.acceptChange : s.acceptRepeat))
}

/**
 * Writes the reviewed payout. A lost answer leaves the confirmation open with Write again, which main
 * answers with the payout already written under the review's reference if the first write reached it.
 */
export async function writeToTeam(get: Get, set: Set): Promise<void> {
  const s = get()
  if (s.sending || !s.teamReview || !teamAccepted(s)) return
  set({ sending: true, problem: null })
  try {
    const teamWritten = await unwrap(
      window.api.writeTeamPayout({
        reviewId: s.teamReview.reviewId,
        acceptRepeat: s.acceptRepeat,
        acceptAccountChange: s.acceptChange,
      }),
    )
    set({ phase: 'sent', teamWritten, sending: false })
  } catch (error) {
    // The ledger not answering in time may have been at its COMMIT: written or not is open.
    const busy = error instanceof ApiError && error.key === 'teamLedgerBusy'
    const problem = busy ? ({ kind: 'uncertain' } as const) : sendProblem(error)
    // A refusal wrote nothing: the form is reviewed again, against the book as it is now.
    if (problem.kind === 'uncertain') set({ problem, sending: false })
    else set({ problem, phase: 'edit', ...NO_TEAM_REVIEW, sending: false })
  }
}
