import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { ZodError } from 'zod'
import { isLoopbackHost, isLoopbackUrl } from '../../shared/domain/loopback.ts'
import { bluepayRoute } from './bluepay-routes.ts'
import { CallbackDispatcher } from './callbacks.ts'
import { json, type RouteReply, type SandboxContext } from './context.ts'
import { SANDBOX_BLUEPAY_APP_ID, SANDBOX_VEXORA, loadSandboxKeys, type SandboxKeys } from './credentials.ts'
import { FaultQueue, type Endpoint } from './faults.ts'
import { OrderBook } from './orders.ts'
import { vexoraRoute } from './vexora-routes.ts'

export interface SandboxOptions {
  host?: string
  /** 0 picks a free port. */
  port?: number
  settleAfterMs?: number
  timestampToleranceMs?: number
  /** Where BluePay callbacks go (BluePay has no per-payout notify URL). */
  bluepayNotifyUrl?: string | null
  callbackRetryDelaysMs?: readonly number[]
  keys?: SandboxKeys
  now?: () => number
  /** The secret first path segment of every URL (random unless given). */
  token?: string
  /** Orders kept in memory; the oldest are forgotten beyond it. */
  maxOrders?: number
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>/<token>`: every gateway path and `/__sandbox/…` sits under it. */
  url: string
  vexoraBaseUrl: (area: 'id' | 'th') => string
  bluepayBaseUrl: string
  credentials: {
    vexora: typeof SANDBOX_VEXORA
    bluepay: { appId: string; merchantPrivateKeyPem: string; bluepayPublicKeyPem: string }
  }
  /**
   * Opens another Vexora merchant account at the sandbox and returns its merchantNo: signed with the same
   * test secret, its orders in the same book (a reference is unique across the sandbox's merchants, which
   * is stricter than a gateway). Profiles at accounts of their own keep tests' payouts out of each other's
   * repeats and payees, which are read per gateway account.
   */
  openVexoraMerchant: () => string
  book: OrderBook
  faults: FaultQueue
  callbacks: CallbackDispatcher
  context: SandboxContext
  close: () => Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024

const VEXORA_PATH = /^\/vexora\/([a-z]{2})\/v1\/vexora\/(disbursements|queryPayOutResult|queryBalance)$/
const VEXORA_ENDPOINTS: Record<string, Endpoint> = {
  disbursements: 'create',
  queryPayOutResult: 'query',
  queryBalance: 'balance',
}
const BLUEPAY_ENDPOINTS: Record<string, Endpoint> = {
  '/bluepay/open-api/disbursement/transfer': 'create',
  '/bluepay/open-api/disbursement/check': 'query',
  '/bluepay/open-api/account/balance': 'balance',
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) return null
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(res: ServerResponse, reply: RouteReply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body)
}

/**
 * Only requests addressed to this sandbox by name: a web page that rebinds its own domain to 127.0.0.1
 * still sends its domain in Host, and is turned away.
 */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host)
  return match !== null && Number(match[2] ?? 80) === port && isLoopbackHost(match[1] ?? '')
}

/**
 * A local stand-in for both gateways that speaks their documented contracts strictly (signatures,
 * timestamps, duplicate references, field rules) and can misbehave on request. Runs on loopback only,
 * under a random path token (other programs on this computer, and web pages, cannot guess its URLs),
 * answers only requests whose Host names loopback, and calls back only loopback URLs.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) throw new Error(`the sandbox listens on loopback only, not ${host}`)
  if (options.bluepayNotifyUrl && !isLoopbackUrl(options.bluepayNotifyUrl))
    throw new Error(`the sandbox calls back loopback addresses only, not ${options.bluepayNotifyUrl}`)
  const token = options.token ?? randomBytes(16).toString('hex')
  const prefix = `/${token}`
  const now = options.now ?? Date.now
  const keys = options.keys ?? loadSandboxKeys()
  const book = new OrderBook(now, options.maxOrders)
  const faults = new FaultQueue()
  let callbacks: CallbackDispatcher | null = null
  const context: SandboxContext = {
    book,
    now,
    settleAfterMs: options.settleAfterMs ?? 3_000,
    timestampToleranceMs: options.timestampToleranceMs ?? 5 * 60_000,
    vexora: {
      ...SANDBOX_VEXORA,
      startingBalanceMinor: { id: 1_000_000_000, th: 1_000_000_000 },
      merchants: new Set([SANDBOX_VEXORA.merchantNo]),
    },
    bluepay: {
      appId: SANDBOX_BLUEPAY_APP_ID,
      merchantPublicKey: createPublicKey(keys.merchantPublicKeyPem),
      bluepayPrivateKey: createPrivateKey(keys.bluepayPrivateKeyPem),
      notifyUrl: options.bluepayNotifyUrl ?? null,
      startingBalanceMinor: 1_000_000_000,
    },
    onCreated: (order) => callbacks?.schedule(order),
  }
  callbacks = new CallbackDispatcher(context, options.callbackRetryDelaysMs ?? [2_000, 5_000, 10_000, 30_000])

  const control = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (path === '/__sandbox/orders' && req.method === 'GET') return send(res, json(book.list()))
    if (path === '/__sandbox/faults' && req.method === 'DELETE') {
      faults.clear()
      return send(res, json({ ok: true }))
    }
    if (path === '/__sandbox/faults' && req.method === 'POST') {
      try {
        faults.add(JSON.parse((await readBody(req)) ?? '') as never)
        return send(res, json({ ok: true, pending: faults.pending() }))
      } catch (error) {
        const message =
          error instanceof ZodError ? error.issues.map((i) => i.message).join('; ') : 'body must be JSON'
        return send(res, json({ ok: false, message }, 400))
      }
    }
    send(res, json({ message: 'not found' }, 404))
  }

  let port = 0
  const server = createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req.headers.host, port))
        return send(res, json({ message: 'misdirected request' }, 421))
      const full = (req.url ?? '/').split('?')[0] ?? '/'
      if (!full.startsWith(`${prefix}/`)) return send(res, json({ message: 'not found' }, 404))
      const path = full.slice(prefix.length)
      if (path.startsWith('/__sandbox/')) return control(req, res, path)
      const vexoraMatch = VEXORA_PATH.exec(path)
      const provider = vexoraMatch ? 'vexora' : BLUEPAY_ENDPOINTS[path] ? 'bluepay' : null
      const endpoint = vexoraMatch ? VEXORA_ENDPOINTS[vexoraMatch[2] ?? ''] : BLUEPAY_ENDPOINTS[path]
      if (!provider || !endpoint || req.method !== 'POST')
        return send(res, json({ message: 'not found' }, 404))
      const body = await readBody(req)
      if (body === null) return send(res, json({ message: 'body too large' }, 413))

      const fault = faults.take(provider, endpoint)
      if (fault?.mode === 'drop-before') return void req.socket.destroy()
      if (fault?.mode === 'http-502') {
        return send(res, {
          status: 502,
          contentType: 'text/html',
          body: '<html><body>502 Bad Gateway</body></html>',
        })
      }
      const request = { endpoint, headers: req.headers, body }
      const reply = vexoraMatch
        ? vexoraRoute(context, vexoraMatch[1] ?? '', request)
        : bluepayRoute(context, request)
      switch (fault?.mode) {
        case 'drop-after':
          return void req.socket.destroy()
        case 'slow':
          await sleep(fault.delayMs)
          if (!res.destroyed) send(res, reply)
          return
        case 'system-error':
          return send(
            res,
            provider === 'vexora'
              ? json({ msg: 'system exception', code: '5000', timestamp: now(), success: false, data: null })
              : json({ code: 21000, message: 'Server error, try again later', data: null }),
          )
        case 'malformed':
          return send(res, {
            status: 200,
            contentType: 'application/json',
            body: '{"code":"0000","data":{"status":',
          })
        default:
          return send(res, reply)
      }
    })().catch((error: unknown) => {
      console.error('[sandbox]', error)
      if (!res.headersSent) send(res, json({ message: 'sandbox error' }, 500))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const bound = server.address() as AddressInfo
  port = bound.port
  const url = `http://${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${port}${prefix}`
  return {
    url,
    vexoraBaseUrl: (area) => `${url}/vexora/${area}`,
    bluepayBaseUrl: `${url}/bluepay`,
    credentials: {
      vexora: SANDBOX_VEXORA,
      bluepay: {
        appId: SANDBOX_BLUEPAY_APP_ID,
        merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
        bluepayPublicKeyPem: keys.bluepayPublicKeyPem,
      },
    },
    openVexoraMerchant: () => {
      const merchantNo = String(Number(SANDBOX_VEXORA.merchantNo) + context.vexora.merchants.size).padStart(
        SANDBOX_VEXORA.merchantNo.length,
        '0',
      )
      context.vexora.merchants.add(merchantNo)
      return merchantNo
    },
    book,
    faults,
    callbacks,
    context,
    close: async () => {
      callbacks.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
