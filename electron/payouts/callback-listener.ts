import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isLoopbackHost } from '../../shared/domain/loopback.ts'
import { AppError } from '../errors.ts'
import type { Engine } from './engine.ts'
import { createSourceLimiter, type SourceLimits } from './source-limiter.ts'

export interface ListenerOptions {
  engine: Engine
  /** Loopback only (127.0.0.1 by default); the internet reaches it through the person's proxy or tunnel. */
  host?: string
  port?: number
  maxBodyBytes?: number
  /** A request must arrive whole within this time (slow senders hold no socket longer). */
  requestTimeoutMs?: number
  maxConnections?: number
  limits?: Partial<SourceLimits>
  /** Behind the person's proxy or tunnel: the sender is the last X-Forwarded-For entry. */
  trustForwardedFor?: boolean
}

export interface CallbackListener {
  /** Gateways POST to `${url}/<profileId>`. */
  url: string
  close(): Promise<void>
}

const PATH = /^\/callbacks\/([A-Za-z0-9-]{1,64})$/

/**
 * Behind the person's reverse proxy or tunnel every request comes from loopback; the proxy appends the
 * address it saw to X-Forwarded-For, so the last entry is the sender (earlier ones are the sender's say).
 * Without such a proxy (the setting off) the header is anyone's to write, so it is never read.
 */
function sourceOf(req: IncomingMessage, trustForwardedFor: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown'
  if (!trustForwardedFor) return peer
  const forwarded = req.headers['x-forwarded-for']
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').at(-1)?.trim()
  return isLoopbackHost(peer) && last ? last.slice(0, 64) : peer
}

/**
 * Gateways call from servers: a request a browser made (it names the page's Origin, or its Sec-Fetch-*
 * context: site, destination, user) or one that is not JSON (both gateways document JSON callbacks) is no callback. It is
 * refused before anything is read or written, and counts against nobody, so a web page flooding the
 * port cannot get a real callback turned away.
 */
const BROWSER_FETCH_HEADERS = ['sec-fetch-site', 'sec-fetch-dest', 'sec-fetch-user'] as const

function notACallback(req: IncomingMessage): string | null {
  if (req.headers.origin !== undefined) return 'browser request (Origin)'
  // A browser sends Sec-Fetch-Site, -Dest and -Mode together; a server's HTTP client may send
  // Sec-Fetch-Mode alone (Node's fetch does), and is no browser for it.
  if (BROWSER_FETCH_HEADERS.some((h) => req.headers[h] !== undefined)) return 'browser request (Sec-Fetch)'
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') return 'not JSON'
  return null
}

/** Where a listener on this address and port takes callbacks: gateways POST to `${url}/<profileId>`. */
export const listenerUrl = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}/callbacks`

/**
 * The opt-in HTTP endpoint gateways call back on. Each body is handed, raw, to the engine, which
 * verifies it before anything is read and answers in the gateway's own form. A vexora callback must be
 * answered within 10 s, so a request that takes longer than that to arrive is cut off.
 */
export async function startCallbackListener(options: ListenerOptions): Promise<CallbackListener> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) throw new AppError('INVALID_INPUT', { key: 'listenerLoopbackOnly' })
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const timeoutMs = options.requestTimeoutMs ?? 10_000
  const limiter = createSourceLimiter({
    windowMs: 60_000,
    maxRequests: 600,
    maxRefused: 200,
    ...options.limits,
  })
  const trust = options.trustForwardedFor === true
  const server: Server = createServer(
    {
      headersTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Node checks those timeouts on this interval (30 s by default, far beyond them).
      connectionsCheckingInterval: Math.min(1_000, timeoutMs),
    },
    (req, res) => {
      const refusal = notACallback(req)
      if (refusal) {
        res.writeHead(refusal === 'not JSON' ? 415 : 403, {
          'content-type': 'text/plain',
          connection: 'close',
        })
        res.end(refusal)
        req.resume()
        return
      }
      const source = sourceOf(req, trust)
      if (!limiter.admit(source)) {
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '60', connection: 'close' })
        res.end('too many requests')
        return
      }
      const match = PATH.exec((req.url ?? '').split('?')[0] ?? '')
      if (req.method !== 'POST' || !match?.[1]) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
        return
      }
      const profileId = match[1]
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBodyBytes) {
          if (!res.headersSent) {
            res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('body too large')
          }
          req.destroy()
          return
        }
        chunks.push(chunk)
      })
      req.on('end', () => {
        if (res.writableEnded) return
        // Every body is verified; what fails is written to the ledger only within an overall budget, so a
        // flood of forged bodies costs a bounded number of writes and never turns a real callback away.
        const record = limiter.mayRecordRefusal()
        options.engine.applyCallback(profileId, Buffer.concat(chunks).toString('utf8'), { record }).then(
          (reply) => {
            if (reply.status >= 400) limiter.refused()
            res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body)
          },
          () => res.writeHead(500, { 'content-type': 'text/plain' }).end('FAIL'),
        )
      })
    },
  )
  server.maxConnections = options.maxConnections ?? 64
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { address, port } = server.address() as AddressInfo
  return {
    url: listenerUrl(address, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
