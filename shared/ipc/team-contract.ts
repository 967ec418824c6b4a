import { z } from 'zod'
import type { PayoutStatus } from '../domain/payout-status.ts'
import type { ProviderId } from '../domain/providers.ts'
import type { ErrorText } from '../messages/errors.ts'
import type { CurrencyCode } from '../money.ts'
import type { ImportIssue } from './import-contract.ts'
import { PayoutFields } from './limits.ts'

/**
 * Settings → Team: the server and the person's own login. The password goes to main once, into the OS
 * keychain, and never comes back; the server is written without a login or password.
 */
export const TeamConnectionInput = z
  .object({
    server: z.string().trim().min(1).max(500),
    login: z.string().trim().min(1).max(63),
    password: z.string().min(1).max(1_000),
  })
  .strict()

export interface TeamConnectionView {
  /** HOST:PORT/DATABASE, as main keeps it; null when this desk works on its own ledger only. */
  server: string | null
  login: string | null
  /** Whether the login is an owner's (only an owner approves); null until the server answered. */
  owner: boolean | null
}

/** A payout that waits for an owner's approval on the team ledger. */
export interface TeamWaitingPayout {
  id: string
  reference: string
  profile: string
  /** Test money (sandbox) or real money (production). */
  environment: 'sandbox' | 'production'
  amountMinor: number
  currency: CurrencyCode
  beneficiaryName: string
  accountNo: string
  /** The bank code (or BluePay's channel): the same account number at another bank is another person. */
  bank: string
  preparedBy: string
  createdAt: string
  /** The batch of the file it came in, if it did. */
  batchId: string | null
  /** What the book says of it that an owner should see before approving it (none: nothing to look at). */
  notes: TeamApprovalNote[]
  /**
   * Of those, what the book itself judged and asks the approving owner to acknowledge (team migration
   * 18): an approval passes back what was shown, and is refused if the book notes more by then.
   */
  concerns: TeamBookConcern[]
}

/** The book's own notes of a waiting payout (its floor of the desks' notes of the same kinds). */
export const TEAM_BOOK_CONCERNS = [
  'new_account',
  'other_name',
  'two_accounts',
  'new_payee',
  'decided_not_paid',
] as const
export type TeamBookConcern = (typeof TEAM_BOOK_CONCERNS)[number]

/**
 * What an owner is shown of a waiting payout before she approves it, as the team's book reads it at that
 * moment, whoever wrote it and however (a bookkeeper at psql is asked nothing). A payee's history counts
 * what an owner saw: a payout an owner approved, or one another owner wrote; what a bookkeeper wrote that
 * nobody approved does not make an account the payee's.
 * - new_account: the payee was paid at another account before;
 * - other_name: the account was paid under another name before;
 * - two_accounts: another payout in the payee's name waits at another account (`also`);
 * - new_payee: no owner has prepared or approved a payout to this payee before (they may have been
 *   paid `paidBefore` times, none approved);
 * - paid_recently: a payout of the same account and amount was written in the last 20 days;
 * - twice_waiting: another waiting payout pays the same account the same amount;
 * - not_sendable: its fields would be refused before sending (a look-alike name written with psql);
 * - unchecked: this desk could not judge it (its profile names another account now, or this desk does
 *   not know its gateway's rules);
 * - decided_not_paid: it pays again a payout a person settled as not paid: kept the ledger's "failed"
 *   against the gateway's word that it paid (keep-ledger), or said it was never sent (not-sent).
 * `accepted`: its preparer marked it accepted when writing it (the app records that a person said yes
 * to the question; at psql anybody may write the mark).
 */
export type TeamApprovalNote =
  | { kind: 'new_account'; was: { bank: string; accountNo: string }; accepted: boolean }
  | { kind: 'other_name'; name: string }
  | { kind: 'two_accounts'; also: { bank: string; accountNo: string } }
  | { kind: 'new_payee'; paidBefore: number }
  | { kind: 'paid_recently'; at: string; accepted: boolean }
  | { kind: 'twice_waiting'; reference: string; accepted: boolean }
  | { kind: 'not_sendable'; problem: ErrorText }
  | { kind: 'unchecked'; why: 'moved' | 'rules' }
  | { kind: 'decided_not_paid'; reference: string; person: string; action: 'keep-ledger' | 'not-sent' }

export interface TeamApprovals {
  /** The login asking: nobody approves what they prepared. */
  me: string
  owner: boolean
  payouts: TeamWaitingPayout[]
}

/** A concern of the book's an owner was shown of a waiting payout: her approval acknowledges it. */
export const TeamConcernShown = z.object({ id: z.uuid(), kind: z.enum(TEAM_BOOK_CONCERNS) }).strict()
export type TeamConcernShown = z.infer<typeof TeamConcernShown>

/**
 * Approves exactly the payouts the person was shown, with the total she was shown and the book's
 * concerns of them she was shown: the team ledger refuses the whole approval if any changed meanwhile.
 */
export const ApproveTeamInput = z
  .object({
    ids: z.array(z.uuid()).min(1).max(100_000),
    totalMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    acknowledged: z.array(TeamConcernShown).max(TEAM_BOOK_CONCERNS.length * 100_000),
  })
  .strict()

/** Refuses exactly the payouts the owner was shown, with the total she was shown: never paid. */
export const RefuseTeamInput = z
  .object({
    ids: z.array(z.uuid()).min(1).max(100_000),
    totalMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict()

/** A team profile as this desk sends for it: what is ready, what is open, and whether its secret is here. */
export interface TeamProfileView {
  id: string
  name: string
  /** The gateway and its field set: the fields New payout asks for. */
  provider: ProviderId
  area: string
  environment: 'sandbox' | 'production'
  currency: CurrencyCode
  /** Ready to leave (within the limits, or approved). */
  queued: number
  /** What the ready payouts come to, in the currency's minor units. */
  queuedMinor: number
  /** Sent, with no final answer yet. */
  open: number
  /** This desk's keychain holds the secret the owner set: it can send for the profile. */
  secretHere: boolean
  /** Its gateway account and limits, as an owner sets them (Settings → Team). */
  baseUrl: string
  merchantId: string
  notifyUrl: string | null
  hasGatewayPublicKey: boolean
  /** Minor units; null: no limit. */
  perPayoutMinor: number | null
  perDayMinor: number | null
  timeZone: string
}

/** A team profile's limits as typed (an owner's): amounts in its currency, empty for none. */
export const SetTeamLimitsInput = z
  .object({
    profileId: z.uuid(),
    perPayout: z.string().trim().max(40),
    perDay: z.string().trim().max(40),
    timeZone: z.string().trim().min(1).max(64),
    /** The limits the form showed: refused if they changed since (another owner's change kept). */
    shown: z
      .object({
        perPayoutMinor: z.number().int().nonnegative().nullable(),
        perDayMinor: z.number().int().nonnegative().nullable(),
        timeZone: z.string().max(64),
      })
      .strict(),
  })
  .strict()

/** A team profile's gateway secret, into this desk's keychain only (never to the team ledger). */
export const TeamSecretInput = z
  .object({
    profileId: z.uuid(),
    secret: z.string().min(1).max(20_000),
    /** An owner's: this secret replaces the one the team's computers send with (the gateway changed it). */
    replace: z.boolean().optional(),
  })
  .strict()

export interface TeamSecretKept {
  profile: string
  /** matches: this desk can send; set / replaced: an owner set the team's check; owner-must-set: not yet. */
  check: 'matches' | 'set' | 'replaced' | 'owner-must-set'
}

export interface TeamRefreshed {
  /** What the payouts asked about are now, by status. */
  byStatus: Record<string, number>
  asked: number
  /** Asked about with no clear answer (or held by another desk): asked again later. */
  unanswered: number
}

export interface TeamSent {
  /** What became of the payouts this desk took, by status. */
  byStatus: Record<string, number>
  inDoubt: number
  sentFor: string[]
  /** Profiles with payouts ready that this desk has no secret for. */
  leftFor: { name: string; queued: number }[]
  /** Profiles whose sending another desk holds now: their payouts were left to it, or to its hold's end. */
  heldElsewhere: {
    profile: string
    person: string
    computer: string
    thisComputer: boolean
    until: number
    waiting: number
  }[]
}

const TEAM_STATUSES = [
  'awaiting_approval',
  'queued',
  'submitting',
  'processing',
  'unknown',
  'needs_review',
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
] as const

/** A page of the team's history, newest first; `after` is where the last page ended. */
export const TeamHistoryInput = z
  .object({
    search: z.string().trim().max(200).optional(),
    status: z.enum(TEAM_STATUSES).optional(),
    after: z
      .object({ atMicros: z.string().regex(/^\d{1,20}$/), id: z.uuid() })
      .strict()
      .optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict()

/** One payout of the team's book as history shows it, with who prepared and who approved it. */
export interface TeamHistoryRowView {
  id: string
  reference: string
  profile: string
  environment: 'sandbox' | 'production'
  amountMinor: number
  currency: CurrencyCode
  status: string
  preparedBy: string
  approvedBy: string | null
  /** Milliseconds since the epoch. */
  createdAt: number
  gatewayStatus: string | null
}

export interface TeamHistoryPage {
  rows: TeamHistoryRowView[]
  next: { atMicros: string; id: string } | null
  /** Null when the server answered; else this desk's read-only copy, and when it was taken. */
  offline: { copiedAt: number | null } | null
}

/** The payouts of the team's book under a reference (one per profile at most), from its history. */
export const TeamStoryInput = z.object({ reference: z.string().trim().min(1).max(200) }).strict()

/** One step of a team payout's story: what happened, the person (the login) who did it, and when. */
export interface TeamStoryEventView {
  /** Milliseconds since the epoch. */
  at: number
  kind: string
  person: string
  /** The status it moved to, when the step moved it. */
  toStatus: string | null
  /** As recorded (the gateway's exchange, a decision's note); secrets never reach the ledger. */
  detail: unknown
}

export interface TeamStoryView {
  stories: { payout: TeamHistoryRowView; fields: Record<string, string>; events: TeamStoryEventView[] }[]
  /** Null when the server answered; else this desk's read-only copy, and when it was taken. */
  offline: { copiedAt: number | null } | null
}

/** One profile of the team's book at a glance: as the desk's own Dashboard shows its profiles. */
export interface TeamDashboardProfile {
  name: string
  environment: 'sandbox' | 'production'
  currency: CurrencyCode
  today: Partial<Record<PayoutStatus, number>>
  week: Partial<Record<PayoutStatus, number>>
  /** Succeeded amounts, in the profile's currency. */
  paidTodayMinor: number
  paidWeekMinor: number
  /** The last 30 days, oldest first: local day start and counts by status. */
  days: { day: number; counts: Partial<Record<PayoutStatus, number>> }[]
  /** What waits for an owner's approval now, however old. */
  awaitingApproval: { count: number; totalMinor: number }
}

export interface TeamDashboardView {
  profiles: TeamDashboardProfile[]
  /** Null when the server answered; else this desk's read-only copy, and when it was taken. */
  offline: { copiedAt: number | null } | null
}

/** New payout or Pay again on the team ledger: checked against the team's book before anything is written. */
export const ReviewTeamPayoutInput = z
  .object({
    profileId: z.uuid(),
    /** As the person typed it, in major units; main parses it once, in the profile's currency. */
    amount: z.string().trim().min(1).max(40),
    fields: PayoutFields,
  })
  .strict()

/** What the team's book says about one payout before it is written; nothing is written yet. */
export interface TeamPayoutReview {
  /** Names this review in main: the write is of exactly what was reviewed, under the reference shown. */
  reviewId: string
  reference: string
  profile: { name: string; environment: 'sandbox' | 'production' }
  currency: CurrencyCode
  amountMinor: number | null
  /** Each stops the write (the gateway's rules, a reference taken). */
  errors: ImportIssue[]
  /** Each needs the person's yes: a repeat, or a known payee at another account (accountChange). */
  warnings: (ImportIssue & { accountChange: boolean })[]
}

export const WriteTeamPayoutInput = z
  .object({
    reviewId: z.uuid(),
    /** The person means to pay this account the same amount again within 30 days. */
    acceptRepeat: z.boolean(),
    /** The person saw this payee's earlier account beside the new one and means the new one. */
    acceptAccountChange: z.boolean(),
  })
  .strict()

export interface TeamPayoutWritten {
  id: string
  reference: string
  /** queued: ready for a desk holding the secret; awaiting_approval: over a limit, an owner approves it. */
  status: string
  /** The write's answer was lost before: this is the payout written then, and nothing new was written. */
  existing: boolean
}

/** A paid team payout as Pay again fills the form from it. */
export interface TeamPayoutForm {
  profileId: string
  amountMinor: number
  currency: CurrencyCode
  fields: Record<string, string>
}

/** A team batch with payouts that did not go through, which a Retry would ask about. */
export interface TeamBatchToRetry {
  batchId: string
  fileName: string | null
  profile: string
  environment: 'sandbox' | 'production'
  currency: CurrencyCode
  count: number
  totalMinor: number
  /** The payouts counted: Retry pays again these only, never one that was not shown. */
  ids: string[]
}

export const RetryTeamBatchInput = z
  .object({
    batchId: z.uuid(),
    /** The payouts the person was shown; one that failed since waits for the next look. */
    ids: z.array(z.uuid()).min(1).max(100_000),
  })
  .strict()

export interface TeamBatchRetried {
  /** Each payout paid again, as the reference it was and the one it is now, with its status. */
  retried: { retryOf: string; reference: string; status: string }[]
  /** Not paid again, each with why. */
  left: { reference: string; why: ErrorText }[]
}
