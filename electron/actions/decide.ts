import { IRREVERSIBLE_ACTIONS } from '../../shared/domain/attention.ts'
import type { ResolvedAttention } from '../../shared/ipc/attention-contract.ts'
import { AppError } from '../errors.ts'
import { resolveAttention, type Decision } from '../payouts/decisions.ts'
import type { ActionContext } from './context.ts'

/** A decision's note is kept in the payout's timeline; this is as much as one may hold. */
export const MAX_NOTE_LENGTH = 500

/**
 * A person's decision about a payout in the attention queue, the same at every door. It carries the
 * payout's version as the person saw it (a payout that moved on since is refused), and a decision that
 * changes what the ledger says happened to the money needs a note saying what the person checked.
 */
export function decide(ctx: ActionContext, decision: Decision): Promise<ResolvedAttention> {
  const checked = personDecision(decision)
  return resolveAttention(ctx.ledger, ctx.engine, checked, Date.now, () => needsNote(checked))
}

/** The decision as the person gave it, its note trimmed; refused without a version or with a long note. */
export function personDecision(decision: Decision): Decision {
  const note = decision.note?.trim() ?? ''
  if (note.length > MAX_NOTE_LENGTH)
    throw new AppError('INVALID_INPUT', { key: 'noteTooLong', params: { max: MAX_NOTE_LENGTH } })
  if (!Number.isSafeInteger(decision.version) || decision.version < 0)
    throw new AppError('INVALID_INPUT', { key: 'decisionNoVersion' })
  return { ...decision, ...(note ? { note } : { note: undefined }) }
}

/** A decision that changes what the ledger says happened to the money says what the person checked. */
export function needsNote(decision: Decision): void {
  if (IRREVERSIBLE_ACTIONS.has(decision.action) && !decision.note)
    throw new AppError('INVALID_INPUT', { key: 'decisionNeedsNote' })
}
