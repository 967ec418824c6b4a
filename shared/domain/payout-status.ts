/**
 * The one status vocabulary every provider maps into. The transitions between them live with the payout
 * engine; this file only names the states and says which ones are final, because the UI, the ledger's
 * CHECK constraint and the exports all need the same list.
 */
export const PAYOUT_STATUSES = [
  'draft',
  'queued',
  'submitting',
  'processing',
  'succeeded',
  'failed',
  'rejected',
  'unknown',
  'needs_review',
  'cancelled',
] as const

export type PayoutStatus = (typeof PAYOUT_STATUSES)[number]

/** Final states never change again: a late "pending" from a poll or callback must not reopen them. */
export const FINAL_STATUSES: ReadonlySet<PayoutStatus> = new Set<PayoutStatus>([
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
])

/** Sent (or being sent) but not final: the payouts a status check can still tell something about. */
export const PENDING_STATUSES: readonly PayoutStatus[] = [
  'processing',
  'unknown',
  'submitting',
  'needs_review',
]

/**
 * What "retry failed" pays again: only payouts known not to have paid (the gateway said failed or
 * rejected, or the person cancelled them before they left). In doubt is never here: that one may still
 * pay, and is settled by asking.
 */
export const RETRYABLE_STATUSES: readonly PayoutStatus[] = ['failed', 'rejected', 'cancelled']

export function isFinalStatus(status: PayoutStatus): boolean {
  return FINAL_STATUSES.has(status)
}

/**
 * Each status in words, in English, for what is not the window: the CLI's listings and counts. The same
 * words as the window's English badges (a test holds the two together), so "In doubt" means one thing on
 * every surface; the window translates its own.
 */
export const STATUS_LABELS: Record<PayoutStatus, string> = {
  draft: 'Awaiting release',
  queued: 'Queued',
  submitting: 'Sending',
  processing: 'Processing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  rejected: 'Rejected',
  unknown: 'In doubt',
  needs_review: 'Needs review',
  cancelled: 'Cancelled',
}

/**
 * The same words for a command line, where a value must be one word: "in-doubt", "awaiting-release".
 * The CLI shows these and takes them for --status, so what `list` prints can be typed back.
 */
export const STATUS_WORDS = Object.fromEntries(
  PAYOUT_STATUSES.map((s) => [s, STATUS_LABELS[s].toLowerCase().replace(/\s+/g, '-')]),
) as Record<PayoutStatus, string>

/** The status a command-line word names, or null. */
export function statusFromWord(word: string): PayoutStatus | null {
  const wanted = word.trim().toLowerCase()
  return PAYOUT_STATUSES.find((s) => STATUS_WORDS[s] === wanted) ?? null
}
