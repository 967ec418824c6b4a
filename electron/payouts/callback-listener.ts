import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Engine } from './engine.ts'

export interface ListenerOptions {
  engine: Engine
  /** 127.0.0.1 unless the person deliberately exposes it (e.g. behind their own tunnel). */
  host?: string
  port?: number
  maxBodyBytes?: number
}

export interface CallbackListener {
  /** Gateways POST to `${url}/<profileId>`. */
  url: string
  close(): Promise<void>
}

const PATH = /^\/callbacks\/([A-Za-z0-9-]{1,64})$/

/**
 * The opt-in HTTP endpoint gateways call back on. Each body is handed, raw, to the engine, which
 * verifies it before anything is read and answers in the gateway's own form.
 */
export async function startCallbackListener(options: ListenerOptions): Promise<CallbackListener> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const server: Server = createServer((req, res) => {
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
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('body too large')
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (res.writableEnded) return
      options.engine.applyCallback(profileId, Buffer.concat(chunks).toString('utf8')).then(
        (reply) => res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body),
        () => res.writeHead(500, { 'content-type': 'text/plain' }).end('FAIL'),
      )
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
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
