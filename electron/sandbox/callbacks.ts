import { isLoopbackUrl } from '../../shared/domain/loopback.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import { parseJsonObject } from '../providers/http.ts'
import { signParam } from '../providers/bluepay/sign.ts'
import { vexoraSign } from '../providers/vexora/sign.ts'
import { bluepayOrderData } from './bluepay-routes.ts'
import { gatewayTime, type SandboxContext } from './context.ts'
import type { OrderPhase, SandboxOrder } from './orders.ts'
import { VEXORA_STATUS } from './vexora-routes.ts'

/** The body each gateway would POST for `order` in `phase` (default: its phase now), signed as documented. */
export function callbackBody(
  ctx: SandboxContext,
  order: SandboxOrder,
  phase: OrderPhase = ctx.book.phase(order),
): string {
  if (order.provider === 'vexora') {
    const { status, message } = VEXORA_STATUS[phase]
    const fields: Record<string, string> = {
      platFormTradeNo: order.gatewayId,
      tradeNo: order.reference,
      amount: minorToDecimalString(order.amountMinor, order.currency),
      status,
      message,
      timestamp: String(ctx.now()),
    }
    if (phase === 'succeeded') fields.successTime = gatewayTime(order.settleAt)
    if (order.fields.remark) fields.remark = order.fields.remark
    return JSON.stringify({ ...fields, sign: vexoraSign(fields, ctx.vexora.secret) })
  }
  const data = { ...bluepayOrderData(ctx, order), ...statusOverride(ctx, order, phase) }
  const param = JSON.stringify({
    ...data,
    eventName: data.transactionStatus === 'FAILED' ? 'disbursement.failed' : 'disbursement.success',
  })
  return JSON.stringify({ param, sign: signParam(param, ctx.bluepay.bluepayPrivateKey) })
}

function statusOverride(ctx: SandboxContext, order: SandboxOrder, phase: OrderPhase) {
  if (phase === ctx.book.phase(order)) return {}
  const status = { pending: 'PENDING', succeeded: 'COMPLETED', failed: 'FAILED', review: 'ON_HOLD' }[phase]
  return phase === 'failed'
    ? { transactionStatus: status, failedCode: -10005, failedMessage: 'Destination Account Error' }
    : { transactionStatus: status, failedCode: undefined, failedMessage: undefined }
}

function acknowledged(order: SandboxOrder, status: number, text: string): boolean {
  if (status !== 200) return false
  if (order.provider === 'vexora') return text === 'OK'
  return parseJsonObject(text)?.code === 10000
}

/** A notify URL that means "do not call back" (the app's listener is off). */
export const NO_CALLBACKS_PATH = '/__sandbox/no-callbacks'

export interface DeliveryRecord {
  reference: string
  url: string
  attempt: number
  acknowledged: boolean
  detail: string
}

/** setTimeout's longest wait (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Delivers callbacks when payouts settle and retries unacknowledged ones on a schedule (Vexora documents
 * 2 s, 5 s, 10 s, 30 s, 1 h…; the sandbox uses the first few, or whatever the caller gives it).
 */
export class CallbackDispatcher {
  readonly log: DeliveryRecord[] = []
  private readonly timers = new Set<NodeJS.Timeout>()

  private readonly ctx: SandboxContext
  private readonly retryDelaysMs: readonly number[]
  private readonly requestTimeoutMs: number

  constructor(ctx: SandboxContext, retryDelaysMs: readonly number[], requestTimeoutMs = 5_000) {
    this.ctx = ctx
    this.retryDelaysMs = retryDelaysMs
    this.requestTimeoutMs = requestTimeoutMs
  }

  /** Called for every new order: delivers its final callback once it settles. */
  schedule(order: SandboxOrder): void {
    if (!order.notifyUrl || order.notifyUrl.endsWith(NO_CALLBACKS_PATH) || !isLoopbackUrl(order.notifyUrl))
      return
    this.whenSettled(order, () => void this.deliverWithRetries(order, 0))
  }

  /**
   * A timer can fire before the clock reaches settleAt (Node measures it from the event loop's cached
   * time, stale by however long the loop was busy): the order would then be still pending, and BluePay,
   * which calls back for final states only, would never call back. So it waits again for what is left.
   */
  private whenSettled(order: SandboxOrder, run: () => void): void {
    const left = order.settleAt - this.ctx.now()
    if (!(left > 0)) run()
    else this.later(Math.min(left, MAX_TIMER_MS), () => this.whenSettled(order, run))
  }

  async deliver(order: SandboxOrder, url: string, body: string, attempt = 1): Promise<boolean> {
    let detail: string
    let ok = false
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      })
      const text = await res.text()
      ok = acknowledged(order, res.status, text)
      detail = `HTTP ${res.status} ${text.slice(0, 200)}`
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error)
    }
    this.log.push({ reference: order.reference, url, attempt, acknowledged: ok, detail })
    return ok
  }

  private async deliverWithRetries(order: SandboxOrder, retry: number): Promise<void> {
    const url = order.notifyUrl
    const phase = this.ctx.book.phase(order)
    // BluePay's documented events are final ones only; Vexora notifies on any status update.
    if (!url || (order.provider === 'bluepay' && phase !== 'succeeded' && phase !== 'failed')) return
    const ok = await this.deliver(order, url, callbackBody(this.ctx, order), retry + 1)
    const delay = this.retryDelaysMs[retry]
    if (!ok && delay !== undefined) this.later(delay, () => void this.deliverWithRetries(order, retry + 1))
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      run()
    }, ms)
    this.timers.add(timer)
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }
}
