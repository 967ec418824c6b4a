// The built-in sandbox gateway runs only while a sandbox profile is used.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { eventually } from '../support/eventually.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'
import { idrFields } from '../support/sandbox-clients.ts'

const t = ipcServicesSuite({ sandbox: { settleAfterMs: 50 }, sandboxIdleMs: 300 })
const { call } = t

const vexora = () => listProfiles(t.services.ledger).find((p) => p.provider === 'vexora') as { id: string }
const reachable = (url: string) =>
  fetch(`${url}/__sandbox/orders`).then(
    () => true,
    () => false,
  )

describe('the built-in sandbox gateway', () => {
  it('is not running until a sandbox profile is used, and stops once idle with nothing open', async () => {
    expect(t.services.sandboxRunning()).toBe(false)
    const created = await call('createPayout', {
      profileId: vexora().id,
      amount: '20000',
      fields: idrFields('0012345'),
      idempotencyKey: randomUUID(),
    })
    const url = (await t.services.sandbox())?.url ?? ''
    expect(await reachable(url)).toBe(true)
    // While the payout is open the sandbox holds its order: it keeps running, idle or not.
    await new Promise((r) => setTimeout(r, 700))
    expect(t.services.sandboxRunning()).toBe(true)
    await eventually(async () => {
      await call('refreshPayouts', { ids: [created.id] })
      expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
    })
    await eventually(() => expect(t.services.sandboxRunning()).toBe(false), 5_000)
    expect(await reachable(url)).toBe(false)
  })
})
