import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ScriptedGateway {
  url: string
  /** What the next request is answered with (a string body is sent as is). */
  answer(body: unknown, status?: number): void
  close(): Promise<void>
}

/**
 * A real HTTP server on loopback that answers whatever the test scripts: for answers the sandbox never
 * gives but a real gateway might (the docs' own examples, sibling portals' shapes, odd codes).
 */
export async function startScriptedGateway(): Promise<ScriptedGateway> {
  let next: { status: number; body: string } = { status: 200, body: '{}' }
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (body, status = 200) =>
      (next = { status, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
