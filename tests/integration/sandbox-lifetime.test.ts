// The built-in sandbox gateway runs only while a sandbox profile is used.
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { eventually } from '../support/eventually.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
const { call } = ipcCaller(() => handlers)

beforeEach(async () => {
  tmp = makeTempDir()
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    sandbox: { settleAfterMs: 50 },
    poll: false,
    sandboxIdleMs: 300,
  })
  handlers = createHandlers(services, () => undefined)
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

const vexora = () => listProfiles(services.ledger).find((p) => p.provider === 'vexora') as { id: string }
const reachable = (url: string) =>
  fetch(`${url}/__sandbox/orders`).then(
    () => true,
    () => false,
  )

describe('the built-in sandbox gateway', () => {
  it('is not running until a sandbox profile is used, and stops once idle with nothing open', async () => {
    expect(services.sandboxRunning()).toBe(false)
    const created = await call('createPayout', {
      profileId: vexora().id,
      amount: '20000',
      fields: idrFields('0012345'),
      idempotencyKey: randomUUID(),
    })
    const url = (await services.sandbox())?.url ?? ''
    expect(await reachable(url)).toBe(true)
    // While the payout is open the sandbox holds its order: it keeps running, idle or not.
    await new Promise((r) => setTimeout(r, 700))
    expect(services.sandboxRunning()).toBe(true)
    await eventually(async () => {
      await call('refreshPayouts', { ids: [created.id] })
      expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
    })
    await eventually(() => expect(services.sandboxRunning()).toBe(false), 5_000)
    expect(await reachable(url)).toBe(false)
  })
})
