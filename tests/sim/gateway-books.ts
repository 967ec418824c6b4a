import type { ProviderId } from '../../shared/domain/providers.ts'

/** Where a gateway order stands; `review` is a status Payout Desk does not know (→ Needs review). */
export type Phase = 'pending' | 'succeeded' | 'failed' | 'review'

/** One payout the scripted gateway took, with its whole future decided when it was taken. */
export interface GatewayOrder {
  provider: ProviderId
  reference: string
  gatewayId: string
  amountMinor: number
  /** Vexora's per-payout notify URL; BluePay's is the merchant's, set on the gateway. */
  notifyUrl: string | null
  takenAt: number
  /** Status checks answer "not found" until then: the gateway is still taking it in. */
  visibleAt: number
  /** Pending at takenAt, then the outcome, then maybe a change of mind (a reversal, a late success). */
  timeline: { phase: Phase; at: number }[]
  /** The gateway reports this order's amount in a form that cannot be read for certain. */
  unreadableAmount: boolean
  /**
   * Shown only after the app's settle period (the gateway breaks its promise); its ingress still knows
   * the reference, so a re-send meanwhile is answered "duplicate" or refused, never taken again.
   */
  late: boolean
}

export type AttemptResult = 'taken' | 'duplicate' | 'refused' | 'dropped' | 'http-502'

export interface CreateAttempt {
  at: number
  result: AttemptResult
  detail: string
}

/** An answer the gateway finished writing to a create or a status check. */
export interface SentAnswer {
  provider: ProviderId
  reference: string
  endpoint: 'create' | 'query'
  body: string
  /** When the request arrived, and when its answer was written. */
  askedAt: number
  at: number
}

export interface Delivery {
  provider: ProviderId
  reference: string
  phase: Phase
  body: string
  at: number
  acknowledged: boolean
}

export const phaseAt = (order: GatewayOrder, at: number): Phase => {
  let phase: Phase = 'pending'
  for (const step of order.timeline) if (step.at <= at) phase = step.phase
  return phase
}

export const finalPhase = (order: GatewayOrder): Phase => order.timeline.at(-1)?.phase ?? 'pending'

/**
 * The scripted gateway's own books: every order it took (per reference: normally one; two would mean a
 * re-send it could not tell from a new payout), every create attempt, every answer it wrote and every
 * callback it delivered. The simulation checks the ledger against these.
 */
export class GatewayBooks {
  readonly orders = new Map<string, GatewayOrder[]>()
  readonly attempts = new Map<string, CreateAttempt[]>()
  readonly answers: SentAnswer[] = []
  readonly deliveries: Delivery[] = []
  private sequence = 0

  static key(provider: ProviderId, reference: string): string {
    return `${provider}/${reference}`
  }

  ordersOf(provider: ProviderId, reference: string): GatewayOrder[] {
    return this.orders.get(GatewayBooks.key(provider, reference)) ?? []
  }

  attemptsOf(provider: ProviderId, reference: string): CreateAttempt[] {
    return this.attempts.get(GatewayBooks.key(provider, reference)) ?? []
  }

  /** The order a create under this reference runs into now: one shown, or one taken in late. */
  known(provider: ProviderId, reference: string, at: number): GatewayOrder | null {
    return this.ordersOf(provider, reference).find((o) => o.visibleAt <= at || o.late) ?? null
  }

  /** The order status checks can see now (the first one taken), if any. */
  visible(provider: ProviderId, reference: string, at: number): GatewayOrder | null {
    return this.ordersOf(provider, reference).find((o) => o.visibleAt <= at) ?? null
  }

  noteAttempt(provider: ProviderId, reference: string, attempt: CreateAttempt): void {
    const key = GatewayBooks.key(provider, reference)
    this.attempts.set(key, [...(this.attempts.get(key) ?? []), attempt])
  }

  take(order: Omit<GatewayOrder, 'gatewayId'>): GatewayOrder {
    this.sequence += 1
    const prefix = order.provider === 'vexora' ? 'VX' : 'D'
    const full = { ...order, gatewayId: `${prefix}${String(this.sequence).padStart(12, '0')}` }
    const key = GatewayBooks.key(order.provider, order.reference)
    this.orders.set(key, [...(this.orders.get(key) ?? []), full])
    return full
  }

  allOrders(): GatewayOrder[] {
    return [...this.orders.values()].flat()
  }
}
