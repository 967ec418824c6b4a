// Issue 21 (review): before, `payout-desk pay` against a gateway that refuses the connection says "could not be
// reached …, so nothing was sent" and exits 1, but leaves the payout queued; the next command that talks
// to a gateway sends it on start-up (engine.recover → confirmedSinglesLeftQueued). The person does what
// the message suggests and runs the same `pay` again once the gateway is back: that run first sends the
// old payout in recovery, then the new one. Paid twice, each run having said what it did.
// (Needs the keychain for the profile's secret: run under .ci/with-keyring.sh.)
import { createServer, request, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeWorld, type World } from '../support/doors.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let world: World
let relay: Server | null = null
const sockets = new Set<Socket>()

beforeEach(async () => {
  tmp = makeTempDir()
  world = await makeWorld(tmp.dir)
})
afterEach(async () => {
  await closeRelay()
  await world.sandbox.close()
  tmp.cleanup()
})

/**
 * An HTTP relay to the sandbox on a fixed port (the sandbox checks the Host header, so it is rewritten):
 * closed, the gateway refuses connections; reopened on the same port, it is back.
 */
function openRelay(port: number, target: URL): Promise<number> {
  relay = createServer((req, res) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  relay.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  return new Promise((resolve) =>
    relay?.listen(port, '127.0.0.1', () => resolve((relay?.address() as { port: number }).port)),
  )
}
function closeRelay(): Promise<void> {
  for (const s of sockets) s.destroy()
  sockets.clear()
  const r = relay
  relay = null
  return new Promise((resolve) => (r ? r.close(() => resolve()) : resolve()))
}

describe('pay when the gateway cannot be reached, then pay again', () => {
  it('pays Siti once', { timeout: 150_000 }, async () => {
    const sandboxUrl = new URL(world.sandbox.vexoraBaseUrl('id'))
    const port = await openRelay(0, sandboxUrl)
    const base = `http://127.0.0.1:${port}${sandboxUrl.pathname}`
    const env = { PAYOUT_DESK_HOME: world.dataDir, PAYOUT_DESK_SANDBOX_URL: world.sandbox.url }
    const cli = (args: string[], input?: string) => runCli(args, input, env)
    const added = await cli(
      [
        'profile',
        'add',
        '--name',
        'Shop ID',
        '--provider',
        'vexora',
        '--base-url',
        base,
        '--merchant-no',
        world.sandbox.credentials.vexora.merchantNo,
        '--notify-url',
        'http://127.0.0.1:9/none',
        '--secret-stdin',
      ],
      `${world.sandbox.credentials.vexora.secret}\n`,
    )
    expect(added.code, added.stderr).toBe(0)
    const pay = () =>
      cli([
        'pay',
        '--profile',
        'Shop ID',
        '--amount',
        '150000',
        '--bankCode',
        '0002',
        '--bankAccountNo',
        '0012345',
        '--customerName',
        'Siti Rahma',
        '--mobile',
        '081234567890',
        '--email',
        'siti@example.com',
        '--yes',
      ])

    await closeRelay()
    const first = await pay()
    expect(first.code).toBe(1)
    expect(first.stderr).toMatch(/nothing was sent/)
    expect(first.stderr).toMatch(
      /stays queued: the next command that sends .* sends it; `payout-desk cancel --id PD\w+` drops it/,
    )

    // The gateway is back; the person runs the same command again.
    await openRelay(port, sandboxUrl)
    // Its recovery sends the queued payout first; the new one then repeats it and is refused, named.
    const second = await pay()
    expect(second.code, second.stderr).toBe(1)
    expect(second.stderr).toMatch(/The same amount went to this account on .*\(PD\w+, processing\)/)
    const orders = world.sandbox.book.list().filter((o) => o.fields.bankAccountNo === '0012345')
    expect(orders).toHaveLength(1)
  })
})
