import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ProviderId } from '../../shared/domain/providers.ts'
import { NO_CALLBACKS_PATH } from '../../electron/sandbox/callbacks.ts'
import { GatewayBooks, phaseAt, type AttemptResult, type GatewayOrder, type Phase } from './gateway-books.ts'
import {
  acknowledged,
  balanceReply,
  callbackBody,
  createdReply,
  duplicateReply,
  FIRST_REFUSALS,
  notFound,
  readRequest,
  RESEND_REFUSALS,
  statusReply,
  systemError,
  type WireReply,
  type WireRequest,
} from './gateway-wire.ts'
import { streamFor, type Rng } from './prng.ts'

/** How often each misbehaviour happens (probabilities) and how slow the gateway is (ms). */
export interface GatewayKnobs {
  /** A create for a reference the gateway has seen before is refused: 21020, clock, 21001 / Vexora 8000. */
  refuseResend: number
  /** The first create of a reference is refused for real (nothing taken). */
  refuseFirst: number
  http502: number
  /** The connection drops before the create is taken. */
  dropBeforeTake: number
  /** The create is taken, then the connection drops without an answer. */
  dropAfterTake: number
  /** The create is taken, the answer never comes (held, then the connection drops: a time-out). */
  hangAfterTake: number
  /** The create is taken, the answer is "system error" (Vexora 5000, BluePay 21000). */
  systemErrorAfterTake: number
  /**
   * A taken order shows in status checks only up to this long after (the engine's settle period must
   * be longer; a re-send the gateway receives before then is taken as a new order: paid twice).
   */
  visibleWithinMs: number
  /** …and not before this long (0 unless a test wants every order hidden for a while). */
  visibleFromMs: number
  /** An order is shown only after `lateByMs` (more than the app's settle period): see GatewayOrder.late. */
  late: number
  lateByMs: number
  settleWithinMs: number
  settleFromMs: number
  failed: number
  review: number
  /** Paid, then reported failed (the money came back). */
  reversal: number
  /** Failed, then reported paid after all. */
  lateSuccess: number
  unreadableAmount: number
  queryDrop: number
  query502: number
  callbackDrop: number
  /** A change is never called back at all (the gateway gave up); not a change of mind, see below. */
  callbackNever: number
  callbackDuplicate: number
  /** Callbacks leave up to this long after the change they report (so they cross: out of order). */
  callbackDelayMs: number
  /** Up to this long before any request is looked at (interleaves the processes). */
  jitterMs: number
}

export const CALM: GatewayKnobs = {
  refuseResend: 0,
  refuseFirst: 0,
  http502: 0,
  dropBeforeTake: 0,
  dropAfterTake: 0,
  hangAfterTake: 0,
  systemErrorAfterTake: 0,
  visibleWithinMs: 0,
  visibleFromMs: 0,
  late: 0,
  lateByMs: 0,
  settleWithinMs: 100,
  settleFromMs: 50,
  failed: 0,
  review: 0,
  reversal: 0,
  lateSuccess: 0,
  unreadableAmount: 0,
  queryDrop: 0,
  query502: 0,
  callbackDrop: 0,
  callbackNever: 0,
  callbackDuplicate: 0,
  callbackDelayMs: 50,
  jitterMs: 0,
}

export interface RequestRecord {
  at: number
  provider: ProviderId
  endpoint: string
  reference: string
  what: string
}

const CALLBACK_RETRY_MS = 400
const CALLBACK_TRIES = 150

/**
 * A real HTTP gateway on 127.0.0.1 speaking both gateways' contracts, whose every decision comes from a
 * seeded stream per (reference, request number), and which keeps its own books (GatewayBooks).
 * Callbacks go to the app's listener: Vexora's to the notify URL of the create it took, BluePay's to
 * the merchant's URL (`setBluepayNotifyUrl`).
 */
export interface GatewayHooks {
  /** Runs after a create or status request is decided and before its answer is written (attack tests). */
  beforeAnswer?: (request: {
    provider: ProviderId
    endpoint: 'create' | 'query'
    reference: string
  }) => Promise<void>
}

export async function startScriptedGateway(seed: number, knobs: GatewayKnobs, hooks: GatewayHooks = {}) {
  const books = new GatewayBooks()
  const requests: RequestRecord[] = []
  const timers = new Set<NodeJS.Timeout>()
  const counts = new Map<string, number>()
  const state = {
    knobs,
    open: 0,
    pendingDeliveries: 0,
    bluepayNotifyUrl: null as string | null,
    closed: false,
  }

  const later = (ms: number, run: () => void) => {
    if (state.closed) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, ms)
    timers.add(timer)
  }
  const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve))
  const streamOf = (...what: (string | number)[]): Rng => {
    const key = what.join('/')
    const n = (counts.get(key) ?? 0) + 1
    counts.set(key, n)
    return streamFor(seed, ...what, n)
  }

  function timelineOf(r: Rng, takenAt: number): GatewayOrder['timeline'] {
    const k = state.knobs
    const outcome: Phase = r.chance(k.failed) ? 'failed' : r.chance(k.review) ? 'review' : 'succeeded'
    const settledAt = takenAt + r.int(k.settleFromMs, Math.max(k.settleFromMs, k.settleWithinMs))
    const timeline: GatewayOrder['timeline'] = [
      { phase: 'pending', at: takenAt },
      { phase: outcome, at: settledAt },
    ]
    const change =
      outcome === 'succeeded' && r.chance(k.reversal)
        ? 'failed'
        : outcome === 'failed' && r.chance(k.lateSuccess)
          ? 'succeeded'
          : null
    if (change) timeline.push({ phase: change, at: settledAt + r.int(100, 1_500) })
    return timeline
  }

  function notifyTarget(order: GatewayOrder): string | null {
    if (order.provider === 'bluepay') return state.bluepayNotifyUrl
    return order.notifyUrl && !order.notifyUrl.endsWith(NO_CALLBACKS_PATH) ? order.notifyUrl : null
  }

  /** One try at a callback (`skip`: this try is lost on the way), retried until acknowledged. */
  async function deliver(order: GatewayOrder, phase: Phase, skip: boolean, tries: number): Promise<void> {
    const url = notifyTarget(order)
    if (state.closed) return
    if (!url) {
      state.pendingDeliveries -= 1
      return
    }
    let ok = false
    if (!skip) {
      const body = callbackBody(order, phase)
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(3_000),
        })
        ok = acknowledged(order.provider, res.status, await res.text())
      } catch {
        ok = false
      }
      books.deliveries.push({
        provider: order.provider,
        reference: order.reference,
        phase,
        body,
        at: Date.now(),
        acknowledged: ok,
      })
    }
    if (ok || tries >= CALLBACK_TRIES) {
      state.pendingDeliveries -= 1
      return
    }
    later(CALLBACK_RETRY_MS, () => void deliver(order, phase, false, tries + 1))
  }

  /** Every change of an order is called back (BluePay: final ones only), maybe twice, maybe late. */
  function scheduleCallbacks(order: GatewayOrder): void {
    for (const [i, step] of order.timeline.entries()) {
      if (order.provider === 'bluepay' && (step.phase === 'pending' || step.phase === 'review')) continue
      const r = streamFor(seed, 'callback', order.gatewayId, i)
      // A change of mind (a reversal, a late success) is always called back: nothing else could tell
      // the app about a payout it already holds as final (it never asks about those again).
      if (r.chance(state.knobs.callbackNever) && i < 2) continue
      const copies = r.chance(state.knobs.callbackDuplicate) ? 2 : 1
      for (let c = 0; c < copies; c++) {
        const skipFirst = r.chance(state.knobs.callbackDrop)
        state.pendingDeliveries += 1
        later(Math.max(0, step.at - Date.now()) + r.int(0, state.knobs.callbackDelayMs), () => {
          void deliver(order, step.phase, skipFirst, 0)
        })
      }
    }
  }

  type Verdict = { reply: WireReply; then?: 'drop' | 'hang' } | 'drop'

  function create(
    req: WireRequest,
    r: Rng,
    now: number,
  ): { verdict: Verdict; result: AttemptResult; what: string } {
    const k = state.knobs
    const seen = books.attemptsOf(req.provider, req.reference).length > 0
    if (r.chance(k.http502))
      return {
        verdict: { reply: { status: 502, contentType: 'text/html', body: '<html>502 Bad Gateway</html>' } },
        result: 'http-502',
        what: '502, not taken',
      }
    if (r.chance(k.dropBeforeTake))
      return { verdict: 'drop', result: 'dropped', what: 'dropped before taking it' }
    if (seen && r.chance(k.refuseResend))
      return {
        verdict: { reply: r.pick(RESEND_REFUSALS[req.provider]) },
        result: 'refused',
        what: 'refused the re-send',
      }
    if (!seen && r.chance(k.refuseFirst))
      return {
        verdict: { reply: r.pick(FIRST_REFUSALS[req.provider]) },
        result: 'refused',
        what: 'refused it',
      }
    if (books.known(req.provider, req.reference, now))
      return { verdict: { reply: duplicateReply(req.provider) }, result: 'duplicate', what: 'duplicate' }
    const late = r.chance(k.late)
    const order = books.take({
      provider: req.provider,
      reference: req.reference,
      amountMinor: req.amountMinor ?? -1,
      notifyUrl: req.notifyUrl,
      takenAt: now,
      visibleAt: late
        ? now + k.lateByMs + r.int(0, 2_000)
        : now + r.int(k.visibleFromMs, Math.max(k.visibleFromMs, k.visibleWithinMs)),
      late,
      timeline: timelineOf(r, now),
      unreadableAmount: r.chance(k.unreadableAmount),
    })
    scheduleCallbacks(order)
    const after = r.chance(k.dropAfterTake)
      ? 'drop'
      : r.chance(k.hangAfterTake)
        ? 'hang'
        : r.chance(k.systemErrorAfterTake)
          ? 'system-error'
          : 'answer'
    const reply = after === 'system-error' ? systemError(req.provider) : createdReply(order)
    return {
      verdict: after === 'drop' || after === 'hang' ? { reply, then: after } : { reply },
      result: 'taken',
      what: `took ${order.gatewayId} (visible +${order.visibleAt - now} ms${late ? ', late' : ''}, ${order.timeline.map((s) => s.phase).join('→')}${order.unreadableAmount ? ', unreadable amount' : ''}), then ${after}`,
    }
  }

  function query(req: WireRequest, r: Rng, now: number): { verdict: Verdict; what: string } {
    const k = state.knobs
    if (r.chance(k.query502))
      return {
        verdict: { reply: { status: 502, contentType: 'text/html', body: '<html>502</html>' } },
        what: '502',
      }
    if (r.chance(k.queryDrop)) return { verdict: 'drop', what: 'dropped' }
    const order = books.visible(req.provider, req.reference, now)
    if (!order) {
      const hidden = books.ordersOf(req.provider, req.reference).length > 0
      return {
        verdict: { reply: notFound(req.provider) },
        what: hidden ? 'not found (still taking it in)' : 'not found',
      }
    }
    const phase = phaseAt(order, now)
    return { verdict: { reply: statusReply(order, phase) }, what: phase }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const askedAt = Date.now()
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const parsed = readRequest(path, req.headers, body)
    const send = (reply: WireReply) =>
      res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body)
    if (!parsed) return void send({ status: 404, contentType: 'text/plain', body: 'not found' })
    if ('refuse' in parsed) return void send(parsed.refuse)
    const r = streamOf(parsed.provider, parsed.endpoint, parsed.reference)
    await sleep(r.int(0, state.knobs.jitterMs))
    const now = Date.now()
    if (parsed.endpoint === 'balance') return void send(balanceReply(parsed.provider))
    let verdict: Verdict
    let what: string
    if (parsed.endpoint === 'create') {
      const decided = create(parsed, r, now)
      books.noteAttempt(parsed.provider, parsed.reference, {
        at: now,
        result: decided.result,
        detail: decided.what,
      })
      ;({ verdict, what } = decided)
    } else ({ verdict, what } = query(parsed, r, now))
    requests.push({
      at: now,
      provider: parsed.provider,
      endpoint: parsed.endpoint,
      reference: parsed.reference,
      what,
    })
    if (verdict === 'drop') return void req.socket.destroy()
    if (verdict.then === 'drop') return void req.socket.destroy()
    if (verdict.then === 'hang') {
      await sleep(r.int(200, 900))
      return void req.socket.destroy()
    }
    const reply = verdict.reply
    const endpoint = parsed.endpoint
    await hooks.beforeAnswer?.({ provider: parsed.provider, endpoint, reference: parsed.reference })
    res.once('finish', () =>
      books.answers.push({
        provider: parsed.provider,
        reference: parsed.reference,
        endpoint,
        body: reply.body,
        askedAt,
        at: Date.now(),
      }),
    )
    send(reply)
  }

  const server = createServer((req, res) => {
    state.open += 1
    res.once('close', () => (state.open -= 1))
    handle(req, res).catch(() => req.socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    books,
    requests,
    /** From now on, requests are answered plainly and quickly (orders already taken keep their future). */
    calm: () => (state.knobs = CALM),
    setBluepayNotifyUrl: (url: string | null) => (state.bluepayNotifyUrl = url),
    /** Requests being handled right now (a killed process's request may still be in here). */
    openRequests: () => state.open,
    /** Callbacks not yet acknowledged (and not given up). */
    pendingCallbacks: () => state.pendingDeliveries,
    /** When every order has reached the end of its timeline. */
    settledBy: () => Math.max(0, ...books.allOrders().map((o) => o.timeline.at(-1)?.at ?? 0)),
    close: async () => {
      state.closed = true
      for (const t of timers) clearTimeout(t)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type ScriptedGateway = Awaited<ReturnType<typeof startScriptedGateway>>
