import { z } from 'zod'
import { LOOPBACK_ONLY_MESSAGE, isLoopbackHost } from '../domain/loopback.ts'
import type { PayoutStatus } from '../domain/payout-status.ts'
import { PayoutFields } from './limits.ts'

export const CreatePayoutInput = z
  .object({
    profileId: z.uuid(),
    /** As the person typed it, in major units ("1,250,000", "500.20"); main parses it once. */
    amount: z.string().trim().min(1).max(40),
    fields: PayoutFields,
    /**
     * Made by the window once per confirmed payout: the same key twice returns the first payout, so a
     * repeated click or a lost answer can never send the same payout twice.
     */
    idempotencyKey: z.uuid(),
    /**
     * The person saw that this known recipient was last paid at another account (this old account),
     * with both side by side, and means the new one. Without it such a payout is refused, and so it is
     * when the directory holds another old account by now.
     */
    acceptAccountChange: z
      .object({ old: z.record(z.string().max(64), z.string().max(200)) })
      .strict()
      .optional(),
    /** The person means to pay this account the same amount again within 30 days. */
    acceptRepeat: z.literal(true).optional(),
  })
  .strict()

export const RefreshPayoutsInput = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(1_000) }).strict(),
  z.object({ batchId: z.uuid() }).strict(),
  z.object({ allPending: z.literal(true) }).strict(),
])

export const BatchIdInput = z.object({ batchId: z.uuid() }).strict()

export const CallbackListenerInput = z
  .object({
    enabled: z.boolean(),
    /** Loopback only; a gateway on the internet reaches it through the person's own proxy or tunnel. */
    host: z
      .string()
      .trim()
      .max(64)
      .refine(isLoopbackHost, { message: LOOPBACK_ONLY_MESSAGE })
      .default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(0),
    /**
     * The person's reverse proxy or tunnel is in front of it: the sender is the last X-Forwarded-For
     * entry, which only such a proxy writes. Off, the header is never read (anyone can send it).
     */
    behindProxy: z.boolean().default(false),
  })
  .strict()

export interface CreatedPayout {
  id: string
  reference: string
  /** `draft` here means written but awaiting release: it went over a release limit. */
  status: PayoutStatus
}

export interface RefreshSummary {
  checked: number
  /** Checks that got no answer (gateway unreachable or erring); their payouts are unchanged. */
  unanswered: number
}

export interface Connectivity {
  online: boolean
  message: string | null
}

export interface BatchProgressView {
  batchId: string
  state: 'draft' | 'sending' | 'paused' | 'cancelled' | 'done'
  total: number
  done: number
  inFlight: number
  byStatus: Partial<Record<PayoutStatus, number>>
}

export interface CallbackListenerView {
  enabled: boolean
  /** Where gateways should call back: `${url}/<profile id>`. */
  url: string | null
  /** The person's proxy or tunnel is in front of it (its X-Forwarded-For is read). */
  behindProxy: boolean
}
