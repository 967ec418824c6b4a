import type { ErrorText } from '../messages/errors.ts'
import { z } from 'zod'
import { ATTENTION_ACTIONS, type AttentionAction, type AttentionReason } from '../domain/attention.ts'
import type { PayoutStatus } from '../domain/payout-status.ts'
import type { ProviderId } from '../domain/providers.ts'
import type { CurrencyCode } from '../money.ts'
import type { AwaitingRelease } from './recipients-contract.ts'

export const ListAttentionInput = z.object({ profileId: z.uuid().optional() }).strict().optional()

export const ResolveAttentionInput = z
  .object({
    payoutId: z.uuid(),
    action: z.enum(ATTENTION_ACTIONS),
    /** What the person checked, in their words; kept in the payout's timeline. */
    note: z.string().trim().max(500).optional(),
    /** For `paid`: the gateway's ID of the payout, when the person has it. */
    gatewayId: z.string().trim().min(1).max(64).optional(),
    /**
     * The payout's `version` as shown to the person: a decision on a payout that has moved on since is
     * refused, so nobody decides on what they did not see.
     */
    version: z.number().int().nonnegative(),
  })
  .strict()

/** One side of a disagreement: what the gateway said, or what the ledger holds. */
export interface AttentionSide {
  /** The gateway's own status code ("0000", "COMPLETED"), or the ledger's status. */
  status: string | null
  /** What that status means in Payout Desk's words (the ledger's side: the same as `status`). */
  meaning: PayoutStatus | null
  amountMinor: number | null
  /** The amount exactly as the gateway wrote it, when it wrote one. */
  amountText: string | null
  gatewayId: string | null
  at: number | null
  source: 'create' | 'query' | 'callback' | 'ledger' | null
}

export interface AttentionItem {
  id: string
  reference: string
  profileId: string
  profileName: string
  provider: ProviderId
  environment: 'sandbox' | 'production'
  status: PayoutStatus
  reason: AttentionReason
  /** The same reason in plain English, for the CLI and logs (the window words it from `reason`). */
  message: string
  amountMinor: number
  currency: CurrencyCode
  beneficiaryName: string
  accountNo: string
  createdAt: number
  /** When it was raised. */
  since: number
  /** Create requests sent so far, all under this one reference. */
  attempts: number
  lastAttemptAt: number | null
  /** Status checks that got no clear answer. */
  checks: number
  gateway: AttentionSide | null
  ledger: AttentionSide | null
  /** Only the actions that are safe for this payout now. */
  actions: AttentionAction[]
  /** Why `resend` is safe for this gateway (Vexora: it refuses a repeated tradeNo), or null. */
  resendSafety: 'gateway_refuses_repeats' | 'vexora_refuses_repeated_tradeno' | null
  /** Changes whenever the payout does; sent back with a decision. */
  version: number
  /** A payout of the team ledger (absent: of this desk's own), decided through resolveTeamAttention. */
  book?: 'team'
}

export interface AttentionList {
  items: AttentionItem[]
  count: number
  /** What waits for the owner's release (release limits), with totals; not counted in `count`. */
  awaitingRelease: AwaitingRelease[]
}

export interface ResolvedAttention {
  id: string
  status: PayoutStatus
  /** Still waiting for a person (e.g. `ask` got no clear answer). */
  stillNeedsAttention: boolean
  /** For `ask`: what the gateway said, as a message key the door words. */
  said: ErrorText | null
}

export type { AttentionAction, AttentionReason }
