import { ApiError } from '../../api/call.ts'

/**
 * What the last press of Send is known to have done. `refused`: main checked it and wrote nothing (its
 * message says why). `uncertain`: the answer was lost or main failed midway, so the payout may or may
 * not be in the ledger; Send again is safe because it carries the same key.
 */
export type SendProblem =
  | { kind: 'refused'; message: string }
  /** The same amount went to this account lately: sent only once the person says they mean it. */
  | { kind: 'repeat'; message: string }
  | { kind: 'uncertain' }

/** Main's own checks refused it (nothing was written); anything else leaves the outcome open. */
export function sendProblem(error: unknown): SendProblem {
  if (!(error instanceof ApiError) || error.code === 'INTERNAL') return { kind: 'uncertain' }
  return error.key === 'sentRecently'
    ? { kind: 'repeat', message: error.message }
    : { kind: 'refused', message: error.message }
}
