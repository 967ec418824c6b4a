import { create } from 'zustand'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { CreatedPayout } from '../../../../shared/ipc/payouts-contract.ts'
import type { RecipientMatch } from '../../../../shared/ipc/recipients-contract.ts'
import type { TeamPayoutReview, TeamPayoutWritten } from '../../../../shared/ipc/team-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { sendProblem, type SendProblem } from './send-problem.ts'
import { fieldsKey, recipientReady } from './recipient-gate.ts'
import { askTeam, NO_TEAM_REVIEW, writeToTeam } from './team-new-payout.ts'

type Phase = 'edit' | 'confirm' | 'sent'
/** This desk's own ledger (sent at once), or the team's (written for a desk holding the secret to send). */
export type PayLedger = 'desk' | 'team'

export interface NewPayoutState {
  ledger: PayLedger
  profileId: string | null
  amountText: string
  fields: Record<string, string>
  /** Problems are shown once a field was touched or a review was asked for. */
  touched: Record<string, boolean>
  showAll: boolean
  /** Counts refused reviews, so the form can move focus to the first problem each time. */
  refusedReviews: number
  phase: Phase
  sending: boolean
  /**
   * Made once for the payout being confirmed and kept until the form is reset: a second press of Send, or
   * Send again after a lost answer, hands main the same key, and main returns the payout it already wrote.
   */
  idempotencyKey: string | null
  problem: SendProblem | null
  /** What main answered to createPayout: known even when its details could not be read back. */
  created: CreatedPayout | null
  sent: PayoutRow | null
  /** Whom the typed account belongs to, as main last said, and for exactly which fields. */
  match: RecipientMatch | null
  matchFor: string | null
  matchError: string | null
  /** The person ticked "I mean the new account" for this payout; any edit of the fields clears it. */
  acceptChange: boolean
  /** The person ticked "I mean to pay this again" after main said it repeats a recent payout. */
  acceptRepeat: boolean
  /** The team's book's review of exactly this payout, asked when the confirmation opens; what is written. */
  teamReview: TeamPayoutReview | null
  /** What the team ledger answered to Write. */
  teamWritten: TeamPayoutWritten | null
  setLedger: (ledger: PayLedger) => void
  setProfile: (id: string | null) => void
  setAmount: (text: string) => void
  setField: (key: string, value: string) => void
  touch: (key: string) => void
  review: (valid: boolean) => void
  back: () => void
  send: () => Promise<void>
  follow: () => Promise<void>
  refresh: () => Promise<void>
  startOver: () => void
  checkRecipient: () => Promise<void>
  setAcceptChange: (accepted: boolean) => void
  setAcceptRepeat: (accepted: boolean) => void
  /** "Pay again": a fresh form with these fields, for the person to review and confirm. */
  prefill: (
    profileId: string,
    fields: Record<string, string>,
    amountText?: string,
    ledger?: PayLedger,
  ) => void
}

const blank = {
  amountText: '',
  fields: {},
  touched: {},
  showAll: false,
  refusedReviews: 0,
  phase: 'edit' as Phase,
  idempotencyKey: null,
  problem: null,
  created: null,
  sent: null,
  match: null,
  matchFor: null,
  matchError: null,
  acceptChange: false,
  acceptRepeat: false,
  teamReview: null,
  teamWritten: null,
}

/** While a send's outcome is open the payout may exist: its content must not change under the same key. */
const locked = (s: NewPayoutState) => s.problem?.kind === 'uncertain'

export const useNewPayout = create<NewPayoutState>((set, get) => ({
  ledger: 'desk',
  profileId: null,
  sending: false,
  ...blank,
  setLedger: (ledger) => {
    if (!locked(get()) && ledger !== get().ledger) set({ ...blank, ledger, profileId: null })
  },
  setProfile: (profileId) => {
    if (!locked(get())) set({ ...blank, profileId })
  },
  setAmount: (amountText) => {
    if (!locked(get())) set({ amountText, acceptRepeat: false })
  },
  setField: (key, value) => {
    if (!locked(get()))
      set((s) => ({ fields: { ...s.fields, [key]: value }, acceptChange: false, acceptRepeat: false }))
  },
  touch: (key) => set((s) => ({ touched: { ...s.touched, [key]: true } })),
  review: (valid) => {
    set((s) =>
      !valid
        ? { showAll: true, refusedReviews: s.refusedReviews + 1 }
        : s.ledger === 'team'
          ? // A yes is to the warnings of one review: the next may name another payout.
            { phase: 'confirm', problem: null, ...NO_TEAM_REVIEW }
          : { phase: 'confirm', problem: null },
    )
    if (valid && get().ledger === 'team') void askTeam(get, set)
  },
  back: () => {
    if (!locked(get()))
      set(get().ledger === 'team' ? { phase: 'edit', ...NO_TEAM_REVIEW } : { phase: 'edit' })
  },
  send: async () => {
    if (get().ledger === 'team') return writeToTeam(get, set)
    const { profileId, amountText, fields, sending, match, acceptChange, acceptRepeat } = get()
    if (!profileId || sending || !recipientReady(get())) return
    const idempotencyKey = get().idempotencyKey ?? crypto.randomUUID()
    set({ sending: true, problem: null, idempotencyKey })
    let created: CreatedPayout
    try {
      created = await unwrap(
        window.api.createPayout({
          profileId,
          amount: amountText,
          fields,
          idempotencyKey,
          // The old account the person saw beside the new one: main refuses if that is not it any more.
          ...(match?.kind === 'changed' && acceptChange
            ? { acceptAccountChange: { old: match.oldAccount } }
            : {}),
          ...(acceptRepeat ? { acceptRepeat: true as const } : {}),
        }),
      )
    } catch (error) {
      const problem = sendProblem(error)
      // A refusal goes back to the form to be fixed; an open outcome stays on the confirmation.
      set({ problem, phase: problem.kind === 'uncertain' ? 'confirm' : 'edit', sending: false })
      return
    }
    // From here on it was written and is on its way: whatever follows, the screen says it was sent.
    set({ phase: 'sent', created, sent: null, sending: false })
    await get().follow()
  },
  follow: async () => {
    const created = get().created
    if (!created) return
    try {
      set({ sent: await unwrap(window.api.getPayout({ id: created.id })) })
    } catch {
      // It was sent all the same: the card keeps its reference and says the status will follow.
    }
  },
  refresh: async () => {
    const created = get().created
    if (!created) return
    try {
      await unwrap(window.api.refreshPayouts({ ids: [created.id] }))
    } catch {
      // No check now (offline, or main busy): the status still follows main's pushes.
    }
    await get().follow()
  },
  startOver: () => set({ ...blank }),
  checkRecipient: async () => {
    const { profileId, fields } = get()
    if (!profileId) return
    const key = fieldsKey(profileId, fields)
    const current = () => fieldsKey(get().profileId, get().fields) === key
    try {
      const match = await unwrap(window.api.checkRecipient({ profileId, fields }))
      if (current()) set({ match, matchFor: key, matchError: null })
    } catch (error) {
      if (current()) set({ match: null, matchFor: key, matchError: errorMessage(error) })
    }
  },
  setAcceptChange: (acceptChange) => set({ acceptChange }),
  setAcceptRepeat: (acceptRepeat) => set({ acceptRepeat }),
  prefill: (profileId, fields, amountText = '', ledger = 'desk') => {
    if (!locked(get())) set({ ...blank, ledger, profileId, fields: { ...fields }, amountText })
  },
}))

/** The status card follows main's pushes for the payout just sent. */
export function followNewPayoutEvents(): () => void {
  return window.api.onPayoutsChanged(({ ids }) => {
    const created = useNewPayout.getState().created
    if (created && ids.includes(created.id)) void useNewPayout.getState().follow()
  })
}
