import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A scriptable HTTP gateway in front of the real sandbox: requests go through to the sandbox (whose books
 * say what really happened) unless a rule says otherwise. It lets a test make a gateway behave as the
 * real ones do on a bad day — take a create and lose the answer, say "not found" while it is still taking
 * a payout in, refuse a re-send, report an amount oddly — while the app's real clients sign and read
 * every byte.
 */
export type Endpoint = 'create' | 'query'

export interface ProxyRule {
  endpoint: Endpoint
  /** Only requests whose body contains this text (e.g. a reference). */
  matching?: string
  /** How many matching requests it applies to (default: all). */
  times?: number
  /**
   * forward-then-drop: the sandbox takes it, the answer is lost. reply: answer this instead, without
   * forwarding. rewrite: forward, then change the sandbox's JSON answer.
   */
  action:
    | { kind: 'forward-then-drop' }
    | { kind: 'reply'; body: unknown }
    | { kind: 'rewrite'; change: (answer: Record<string, unknown>) => Record<string, unknown> }
}

const endpointOf = (path: string): Endpoint | null =>
  /\/(disbursements|disbursement\/transfer)$/.test(path)
    ? 'create'
    : /\/(queryPayOutResult|disbursement\/check)$/.test(path)
      ? 'query'
      : null

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function forward(target: URL, req: IncomingMessage, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      // The sandbox's URL carries a path token: requests go under it.
      new URL(`${target.pathname.replace(/\/$/, '')}${req.url ?? '/'}`, target),
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    out.on('error', reject)
    out.end(body)
  })
}

export async function startGatewayProxy(targetUrl: string) {
  const target = new URL(targetUrl)
  const rules: (ProxyRule & { left: number })[] = []
  const seen: { endpoint: Endpoint; body: string }[] = []

  const take = (endpoint: Endpoint, body: string) => {
    const rule = rules.find(
      (r) => r.endpoint === endpoint && r.left > 0 && (!r.matching || body.includes(r.matching)),
    )
    if (rule) rule.left -= 1
    return rule ?? null
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req)
      const endpoint = endpointOf((req.url ?? '').split('?')[0] ?? '')
      if (endpoint) seen.push({ endpoint, body })
      const rule = endpoint ? take(endpoint, body) : null
      if (rule?.action.kind === 'reply') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rule.action.body))
        return
      }
      const answer = await forward(target, req, body)
      if (rule?.action.kind === 'forward-then-drop') return void req.socket.destroy()
      let text = answer.body
      if (rule?.action.kind === 'rewrite')
        text = JSON.stringify(rule.action.change(JSON.parse(text) as Record<string, unknown>))
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text)
    })().catch(() => req.socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    add(rule: ProxyRule) {
      rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY })
    },
    clear() {
      rules.length = 0
      seen.length = 0
    },
    /** Requests that reached the proxy for this endpoint, optionally only those naming `text`. */
    count: (endpoint: Endpoint, text?: string) =>
      seen.filter((s) => s.endpoint === endpoint && (!text || s.body.includes(text))).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type GatewayProxy = Awaited<ReturnType<typeof startGatewayProxy>>

/** The gateways' own words for "not found" and "too many requests", as their clients read them. */
export const BLUEPAY_NOT_FOUND = { code: 21006, message: 'order not found', data: null }
export const BLUEPAY_RATE_LIMITED = { code: 21020, message: 'Too many requests', data: null }
