import type { RecipientMatch } from '../../../../shared/ipc/recipients-contract.ts'

/** What the New payout form knows about whom its account belongs to. */
export interface GateState {
  profileId: string | null
  fields: Record<string, string>
  match: RecipientMatch | null
  /** The fields main's answer was about (see fieldsKey). */
  matchFor: string | null
  matchError: string | null
  acceptChange: boolean
}

/** One string per set of fields, so an answer about fields since changed is recognised as stale. */
export const fieldsKey = (profileId: string | null, fields: Record<string, string>): string =>
  JSON.stringify([profileId, Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))])

/**
 * Send waits for main's answer about these very fields, and for a changed account until the person
 * accepted it. A check that failed does not block: main checks again on create and refuses a change
 * that was not accepted.
 */
export function recipientReady(s: GateState): boolean {
  if (s.matchFor !== fieldsKey(s.profileId, s.fields)) return false
  if (s.matchError) return true
  return s.match?.kind !== 'changed' || s.acceptChange
}
