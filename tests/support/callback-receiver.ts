import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HttpReply } from '../../electron/providers/types.ts'

/** A loopback HTTP endpoint standing in for the app's callback listener: hands each raw body to `answer`. */
export async function startCallbackReceiver(answer: (rawBody: string) => HttpReply) {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      bodies.push(raw)
      const reply = answer(raw)
      res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
