import { z } from 'zod'
import type { CurrencyCode } from '../money.ts'
import { PayoutFields } from './limits.ts'

/** A person or business this profile pays, as the directory keeps them. */
export interface RecipientView {
  id: string
  profileId: string
  name: string
  /** The account number, and the gateway's account fields as last paid (bank code, account…). */
  account: string
  accountFields: Record<string, string>
  mobile: string | null
  email: string | null
  note: string | null
  firstPaidAt: number | null
  lastPaidAt: number | null
  payouts: number
  archived: boolean
  /** Names they were known by before a person renamed them: the payee rule still knows them by each. */
  formerNames: string[]
}

export interface RecipientChange {
  at: number
  payoutId: string | null
  oldAccount: Record<string, string>
  newAccount: Record<string, string>
}

export interface RecipientDetail extends RecipientView {
  /** Their payouts, newest first (at most 200). */
  payoutIds: string[]
  changes: RecipientChange[]
}

/**
 * Who a payout's account fields belong to. known: an account this recipient was paid at. changed: the
 * same person (name and mobile or e-mail) was last paid at another account — the owner's worst fear; it
 * must be accepted one by one, seeing both. new: a first payout to this account.
 */
export type RecipientMatch =
  | { kind: 'known'; recipient: RecipientView }
  | {
      kind: 'changed'
      recipient: RecipientView
      oldAccount: Record<string, string>
      newAccount: Record<string, string>
    }
  | { kind: 'new' }

export const ListRecipientsInput = z
  .object({
    profileId: z.uuid().optional(),
    search: z.string().trim().max(100).optional(),
    includeArchived: z.boolean().default(false),
  })
  .strict()
  .optional()

export const RecipientIdInput = z.object({ id: z.uuid() }).strict()

export const SaveRecipientInput = z
  .object({
    id: z.uuid(),
    name: z.string().trim().min(1).max(100),
    mobile: z.string().trim().max(30).nullable(),
    email: z.string().trim().max(254).nullable(),
    note: z.string().trim().max(500).nullable(),
  })
  .strict()

export const ArchiveRecipientInput = z.object({ id: z.uuid(), archived: z.boolean() }).strict()

export const CheckRecipientInput = z
  .object({
    profileId: z.uuid(),
    fields: PayoutFields,
  })
  .strict()

// ——— Release limits ———

export interface ReleaseLimitsView {
  profileId: string
  currency: CurrencyCode
  /** null: no limit. */
  perPayoutMinor: number | null
  perDayMinor: number | null
  hasPassphrase: boolean
  /** The IANA time zone whose calendar day the per-day limit counts. */
  timeZone: string
  /** The stored limits no longer match their seal: changed outside the app; everything is held. */
  changedOutside: boolean
}

export const SetReleaseLimitsInput = z
  .object({
    profileId: z.uuid(),
    /** Amounts as typed, in the profile's currency; empty string removes the limit. */
    perPayout: z.string().trim().max(40),
    perDay: z.string().trim().max(40),
    /** Needed whenever a passphrase is already set. */
    currentPassphrase: z.string().max(1_000).optional(),
    /** Sets or changes the release passphrase (the action requires at least 8 characters). */
    newPassphrase: z.string().max(1_000).optional(),
    /** The time zone of the profile's day, like Asia/Jakarta; unchanged when absent. */
    timeZone: z.string().trim().min(1).max(64).optional(),
  })
  .strict()

/** Payouts written but held back because they went over a limit, grouped as they were written. */
export interface AwaitingRelease {
  profileId: string
  profileName: string
  environment: 'sandbox' | 'production'
  /** The batch, or null for single payouts. */
  batchId: string | null
  fileName: string | null
  payoutIds: string[]
  count: number
  totalMinor: number
  currency: CurrencyCode
  /** Which limit it went over, in plain English (the window words it from the figures). */
  why: 'per_payout' | 'per_day' | 'tampered' | 'unsealed'
  /** A digest of exactly what is held; a release names it, and is refused if anything changed. */
  reviewHash: string
}

const HeldGroup = z.union([
  z.object({ batchId: z.uuid() }).strict(),
  z.object({ payoutIds: z.array(z.uuid()).min(1).max(1_000) }).strict(),
])

export const ReleaseInput = z
  .object({
    profileId: z.uuid(),
    held: HeldGroup,
    passphrase: z.string().min(1).max(1_000),
    reviewHash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()

export const CancelHeldInput = z.object({ profileId: z.uuid(), held: HeldGroup }).strict()

export interface Released {
  released: number
  totalMinor: number
}
