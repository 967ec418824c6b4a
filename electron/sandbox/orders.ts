import type { ProviderId } from '../../shared/domain/providers.ts'
import type { CurrencyCode } from '../../shared/money.ts'

/**
 * The sandbox's outcome rules, the same for both gateways, so a tester can choose what happens:
 *   - an account number ending in 000 fails (the bank rejects the destination account);
 *   - a beneficiary name containing REVIEW gets a status code the app does not know (→ Needs review);
 *   - everything else succeeds.
 * A payout stays pending for `settleAfterMs`, then takes its outcome.
 */
export type SandboxOutcome = 'succeeded' | 'failed' | 'review'

export function outcomeFor(accountNo: string, beneficiaryName: string): SandboxOutcome {
  if (accountNo.endsWith('000')) return 'failed'
  if (/REVIEW/i.test(beneficiaryName)) return 'review'
  return 'succeeded'
}

export interface SandboxOrder {
  provider: ProviderId
  /** Vexora area path ("id", "th") or "th" for BluePay. */
  area: string
  reference: string
  gatewayId: string
  amountMinor: number
  currency: CurrencyCode
  fields: Record<string, string>
  outcome: SandboxOutcome
  createdAt: number
  settleAt: number
  notifyUrl: string | null
}

export type OrderPhase = 'pending' | SandboxOutcome

/**
 * The book keeps at most `maxOrders` orders (and create counts); beyond that the oldest are forgotten,
 * so a long-running sandbox's memory stays bounded. Their money stays committed.
 */
export class OrderBook {
  private readonly orders = new Map<string, SandboxOrder>()
  /** Every create request that reached the book for a reference, accepted or refused as a duplicate. */
  private readonly attempts = new Map<string, number>()
  /** Money of forgotten orders that had not failed, per provider/area. */
  private readonly forgottenCommitted = new Map<string, number>()
  private sequence = 0

  private readonly now: () => number
  private readonly maxOrders: number

  constructor(now: () => number, maxOrders = 20_000) {
    this.now = now
    this.maxOrders = maxOrders
  }

  private forgetOldest(): void {
    while (this.orders.size > this.maxOrders) {
      const [key, order] = this.orders.entries().next().value as [string, SandboxOrder]
      this.orders.delete(key)
      this.attempts.delete(key)
      if (order.outcome !== 'failed') {
        const where = `${order.provider}/${order.area}`
        this.forgottenCommitted.set(where, (this.forgottenCommitted.get(where) ?? 0) + order.amountMinor)
      }
    }
    // Refused attempts (no order) are counted too; keep that map as bounded as the orders.
    while (this.attempts.size > this.maxOrders * 2)
      this.attempts.delete(this.attempts.keys().next().value as string)
  }

  get size(): number {
    return this.orders.size
  }

  private key(provider: ProviderId, area: string, reference: string): string {
    return `${provider}/${area}/${reference}`
  }

  countAttempt(provider: ProviderId, area: string, reference: string): void {
    const key = this.key(provider, area, reference)
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1)
    this.forgetOldest()
  }

  get(provider: ProviderId, area: string, reference: string): SandboxOrder | undefined {
    return this.orders.get(this.key(provider, area, reference))
  }

  add(order: Omit<SandboxOrder, 'gatewayId' | 'createdAt'>, gatewayIdPrefix: string): SandboxOrder {
    this.sequence += 1
    const full: SandboxOrder = {
      ...order,
      gatewayId: `${gatewayIdPrefix}${String(this.now()).slice(-9)}${String(this.sequence).padStart(6, '0')}`,
      createdAt: this.now(),
    }
    this.orders.set(this.key(order.provider, order.area, order.reference), full)
    this.forgetOldest()
    return full
  }

  phase(order: SandboxOrder): OrderPhase {
    return this.now() < order.settleAt ? 'pending' : order.outcome
  }

  /** Money committed to orders that have not failed, per provider and area. */
  committed(provider: ProviderId, area: string): number {
    let total = this.forgottenCommitted.get(`${provider}/${area}`) ?? 0
    for (const o of this.orders.values()) {
      if (o.provider === provider && o.area === area && o.outcome !== 'failed') total += o.amountMinor
    }
    return total
  }

  list(): (SandboxOrder & { phase: OrderPhase; createAttempts: number })[] {
    return [...this.orders.values()].map((o) => ({
      ...o,
      phase: this.phase(o),
      createAttempts: this.attempts.get(this.key(o.provider, o.area, o.reference)) ?? 0,
    }))
  }

  createAttempts(provider: ProviderId, area: string, reference: string): number {
    return this.attempts.get(this.key(provider, area, reference)) ?? 0
  }
}
