import { createServer, connect, type Socket } from 'node:net'

/**
 * A loopback TCP relay to a PostgreSQL server that, once armed, lets the next COMMIT reach the server and
 * then cuts the client off before the server's answer gets back: a write that happened, whose desk was
 * told nothing (a dropped network, a server restart at the wrong moment).
 */
/** The whole simple-protocol query message of COMMIT: 'Q', its length, the text and its zero byte. */
const COMMIT = Buffer.concat([Buffer.from('Q'), Buffer.from([0, 0, 0, 11]), Buffer.from('COMMIT\0')])

export async function pgCutProxy(target: { host: string; port: number }) {
  let armed = false
  let cuts = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host)
    sockets.add(client).add(upstream)
    let cut = false
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk)
      if (armed && chunk.includes(COMMIT)) {
        armed = false
        cut = true
        cuts += 1
        client.destroy()
      }
    })
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk)
    })
    const end = () => {
      client.destroy()
      // The server finishes the COMMIT it read before it notices the client went.
      setTimeout(() => upstream.destroy(), cut ? 500 : 0)
    }
    client.on('close', end).on('error', end)
    upstream.on('close', () => client.destroy()).on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    /** Cuts the connection that sends the next COMMIT, right after the server has it. */
    arm: () => {
      armed = true
    },
    cuts: () => cuts,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
