import { z } from 'zod'
import { PAYOUT_STATUSES, type PayoutStatus } from '../domain/payout-status.ts'
import type { ProviderId } from '../domain/providers.ts'
import type { CurrencyCode } from '../money.ts'

import { HISTORY_SORTS } from '../domain/history-sort.ts'
import type { BalanceView } from './profiles-contract.ts'
export type { HistorySort } from '../domain/history-sort.ts'

const Millis = z.number().int().min(0).max(8_640_000_000_000)
/** Typed in major units ("50,000"); main converts per currency, since a range spans IDR and THB rows. */
const AmountText = z.string().trim().max(40)

/** What the history shows: the same filter pages the table and is exported to CSV. */
export const PayoutFilter = z
  .object({
    statuses: z.array(z.enum(PAYOUT_STATUSES)).max(PAYOUT_STATUSES.length).optional(),
    /** Part of a reference, gateway ID, beneficiary name or account number. */
    search: z.string().trim().max(100).optional(),
    profileId: z.uuid().optional(),
    batchId: z.uuid().optional(),
    /** Created at or after (ms since 1970). */
    from: Millis.optional(),
    /** Created before (ms since 1970). */
    to: Millis.optional(),
    minAmount: AmountText.optional(),
    maxAmount: AmountText.optional(),
    sort: z.enum(HISTORY_SORTS).default('newest'),
  })
  .strict()

export const ListPayoutsInput = PayoutFilter.extend({
  limit: z.number().int().min(1).max(500).default(100),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).nullish(),
}).strict()

export const BatchIdOnly = z.object({ batchId: z.uuid() }).strict()

export interface PayoutEventView {
  seq: number
  at: number
  kind: string
  fromStatus: PayoutStatus | null
  toStatus: PayoutStatus | null
  /** The raw exchange or callback as recorded (signatures only; secrets never reach the ledger). */
  detail: unknown
}

export interface PayoutDetail {
  fields: Record<string, string>
  retryOf: string | null
  retriedAs: string[]
  events: PayoutEventView[]
}

export interface BatchSummary {
  id: string
  profileId: string
  profileName: string
  fileName: string | null
  state: string
  createdAt: number
  currency: CurrencyCode | null
  count: number
  totalMinor: number
  byStatus: Partial<Record<PayoutStatus, number>>
}

export interface DashboardProfile {
  profileId: string
  name: string
  provider: ProviderId
  environment: 'sandbox' | 'production'
  currency: CurrencyCode
  balance: Omit<BalanceView, 'currency'> | null
  today: Partial<Record<PayoutStatus, number>>
  week: Partial<Record<PayoutStatus, number>>
  /** Succeeded amounts, in the profile's currency. */
  paidTodayMinor: number
  paidWeekMinor: number
  /** The last 30 days, oldest first: local day start and counts by status. */
  days: { day: number; counts: Partial<Record<PayoutStatus, number>> }[]
}

export interface DashboardView {
  profiles: DashboardProfile[]
  /** Failed, in doubt or needing review in the last 30 days, newest first (at most 20). */
  attention: {
    id: string
    reference: string
    profileName: string
    environment: 'sandbox' | 'production'
    beneficiaryName: string
    amountMinor: number
    currency: CurrencyCode
    status: PayoutStatus
    createdAt: number
    lastError: string | null
  }[]
  attentionTotal: number
}

export const DashboardInput = z
  .object({
    /** The window's local midnights for today and the 29 days before, oldest first. */
    dayStarts: z.array(Millis).length(30),
    /** Local start of the week. */
    weekStart: Millis,
  })
  .strict()
