// electron/services/create-services.ts, callbackBaseUrl: a payout made at the command line on a desk whose
// window listens for callbacks names that listener, so the gateway's later word reaches the ledger. Before,
// the command line (which does not listen itself) sent the sandbox's "no callbacks" placeholder, and a
// paid payout the gateway reversed afterwards stayed "paid" in the ledger (found by the simulation, seed
// 12005). Real sandbox, a real listener in this process as the window runs it, a spawned payout-desk.
import { createServer } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { eventually } from '../support/eventually.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
let window: Services
const tmp = makeTempDir('payout-desk-cli-callbacks-')
const VEXORA = 'Vexora sandbox (Indonesia)'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 300 })
  window = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    sandbox: { url: sandbox.url },
    poll: false,
  })
  // Switched on as the person does it in Settings (the window's handler also saves the choice).
  await createHandlers(
    window,
    () => undefined,
    () => undefined,
  ).setCallbackListener({
    enabled: true,
    host: '127.0.0.1',
    port: await freePort(),
    behindProxy: false,
  })
})
afterAll(async () => {
  await window.close()
  await sandbox.close()
  tmp.cleanup()
})

describe('a payout made at the command line while the window listens', { timeout: 120_000 }, () => {
  it("is called back at the window's listener, and the callback is in its timeline", async () => {
    const paid = await runCli([
      '--data-dir',
      tmp.dir,
      '--sandbox-url',
      sandbox.url,
      ...['pay', '--profile', VEXORA, '--amount', '150000', '--reference', 'CLI-CB-1', '--bankCode', '0002'],
      ...['--bankAccountNo', '0055501', '--customerName', 'Budi', '--mobile', '081234567890'],
      ...['--email', 'b@example.com', '--yes'],
    ])
    expect(paid.code, paid.stderr).toBe(0)
    const order = sandbox.book.list().find((o) => o.reference === 'CLI-CB-1')
    expect(order?.notifyUrl?.startsWith(`${window.listener()?.url ?? 'no listener'}/`)).toBe(true)
    // The sandbox settles it and calls back: the window's listener writes it to the shared ledger.
    await eventually(() => {
      const db = new Database(join(tmp.dir, 'ledger.sqlite3'), { readonly: true })
      try {
        const n = db
          .prepare(
            "SELECT count(*) FROM payout_events e JOIN payouts p ON p.id = e.payout_id WHERE p.reference = 'CLI-CB-1' AND e.kind = 'callback'",
          )
          .pluck()
          .get() as number
        expect(n).toBeGreaterThan(0)
      } finally {
        db.close()
      }
    }, 30_000)
  })
})
