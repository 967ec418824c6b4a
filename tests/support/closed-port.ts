import { createServer } from 'node:net'

/**
 * A loopback port nothing listens on (just let go), so a connection to it is refused before a byte
 * leaves. Not port 1 or 9: fetch blocks those itself ("bad port"), which is another failure.
 */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
