import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LOOPBACK_ONLY_MESSAGE, isLoopbackHost } from '../../shared/domain/loopback.ts'
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
 */
function sourceOf(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown'
  const forwarded = req.headers['x-forwarded-for']
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').at(-1)?.trim()
  return isLoopbackHost(peer) && last ? last.slice(0, 64) : peer
}

/**
 * The opt-in HTTP endpoint gateways call back on. Each body is handed, raw, to the engine, which
 * verifies it before anything is read and answers in the gateway's own form. A vexora callback must be
 * answered within 10 s, so a request that takes longer than that to arrive is cut off.
 */
export async function startCallbackListener(options: ListenerOptions): Promise<CallbackListener> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) throw new AppError('INVALID_INPUT', LOOPBACK_ONLY_MESSAGE)
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const timeoutMs = options.requestTimeoutMs ?? 10_000
  const limiter = createSourceLimiter({
    windowMs: 60_000,
    maxRequests: 600,
    maxRefused: 20,
    ...options.limits,
  })
  const server: Server = createServer(
    {
      headersTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Node checks those timeouts on this interval (30 s by default, far beyond them).
      connectionsCheckingInterval: Math.min(1_000, timeoutMs),
    },
    (req, res) => {
      const source = sourceOf(req)
      if (!limiter.admit(source)) {
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '60', connection: 'close' })
        res.end('too many requests')
        return
      }
      const match = PATH.exec((req.url ?? '').split('?')[0] ?? '')
      if (req.method !== 'POST' || !match?.[1]) {
        limiter.refused(source)
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
            limiter.refused(source)
            res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('body too large')
          }
          req.destroy()
          return
        }
        chunks.push(chunk)
      })
      req.on('end', () => {
        if (res.writableEnded) return
        options.engine.applyCallback(profileId, Buffer.concat(chunks).toString('utf8')).then(
          (reply) => {
            if (reply.status >= 400) limiter.refused(source)
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
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/callbacks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
