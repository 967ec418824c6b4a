import { createServer, type Socket } from 'node:net'

/**
 * A gateway that takes connections and never answers (a bad Wi-Fi, a firewall that drops packets):
 * `held` are the connections it holds, one per request that left.
 */
export async function hangingGateway() {
  const held: Socket[] = []
  const server = createServer((socket) => held.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    held,
    /** Drops every connection held so far: the requests on them fail at once. */
    drop: () => held.forEach((socket) => socket.destroy()),
    async close() {
      held.forEach((socket) => socket.destroy())
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
