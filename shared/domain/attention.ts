/**
 * Why a payout waits for a person, and what a person may do about it. The engine raises these; the
 * window, the CLI and exports name them in one vocabulary. A reason is raised only where no gateway
 * answer can settle the payout by itself (or where one answer fights another).
 */
export const ATTENTION_REASONS = [
  // Sent, no answer, and the settle period has passed without the gateway finding it.
  'in_doubt',
  // The gateway still says it never received it after the automatic re-sends ran out.
  'not_found',
  // A re-send under the same reference was refused; the first attempt may still land.
  'resend_refused',
  // The gateway answered with a status Payout Desk does not know.
  'unknown_status',
  // The gateway reports another amount than the ledger sent.
  'amount_mismatch',
  // The gateway reports an amount Payout Desk cannot read for certain.
  'amount_unreadable',
  // A final gateway answer that disagrees with the ledger's final state (e.g. COMPLETED after rejected).
  'contradiction',
  // The gateway reports failure for a payout the ledger had as paid.
  'reversal',
  // Its profile now names another gateway account than the one it was sent to (an older version let
  // that happen): it is never asked about at the new one.
  'account_changed',
] as const
export type AttentionReason = (typeof ATTENTION_REASONS)[number]

/**
 * What a person can decide. `ask` asks the gateway again; `resend` sends the same fields under the same
 * reference; `not-sent` and `paid` record what the person checked with the gateway; `keep-gateway` and
 * `keep-ledger` settle a disagreement one way or the other.
 */
export const ATTENTION_ACTIONS = ['ask', 'resend', 'not-sent', 'paid', 'keep-gateway', 'keep-ledger'] as const
export type AttentionAction = (typeof ATTENTION_ACTIONS)[number]

/** Reasons about what the gateway *said* rather than whether it has the payout: only a person clears them. */
export const DISAGREEMENT_REASONS: ReadonlySet<AttentionReason> = new Set<AttentionReason>([
  'amount_mismatch',
  'amount_unreadable',
  'contradiction',
  'reversal',
])

/** Actions that change what the ledger says happened to the money; the window asks to confirm them. */
export const IRREVERSIBLE_ACTIONS: ReadonlySet<AttentionAction> = new Set<AttentionAction>([
  'resend',
  'not-sent',
  'paid',
  'keep-gateway',
  'keep-ledger',
])
