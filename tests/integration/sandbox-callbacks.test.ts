// The sandbox's callbacks (electron/sandbox/callbacks.ts) arrive once a payout is final, even when the
// timer that waits for it fires before the sandbox's clock says so: over real HTTP on loopback.
import { afterEach, expect, it } from 'vitest'
import { bluepayClient, thbBankFields } from '../support/sandbox-clients.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { startCallbackReceiver } from '../support/callback-receiver.ts'
import { eventually } from '../support/eventually.ts'

let closing: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const close of closing) await close()
  closing = []
})

it('a BluePay payout that fails calls back with its final state when its timer fires early', async () => {
  const received: string[] = []
  const receiver = await startCallbackReceiver((raw) => {
    received.push(raw)
    return { status: 200, contentType: 'application/json', body: '{"code":10000}' }
  })
  // A clock at half speed: every timer the sandbox sets fires while its clock says the payout is
  // still pending, as a loop busy for a while makes Node's timers fire early against Date.now().
  const start = Date.now()
  const sandbox: Sandbox = await startSandbox({
    settleAfterMs: 200,
    bluepayNotifyUrl: receiver.url,
    now: () => start + (Date.now() - start) / 2,
  })
  closing = [() => sandbox.close(), () => receiver.close()]
  const reference = `EARLY${Date.now()}`
  await bluepayClient(sandbox).create({
    reference,
    amountMinor: 50_020,
    currency: 'THB',
    fields: thbBankFields('4440000'),
  })
  await eventually(() => expect(received).toHaveLength(1), 10_000)
  // The sandbox logs a delivery once it has read the answer, which can be a moment after the receiver
  // took the request.
  const log = () => sandbox.callbacks.log.filter((l) => l.reference === reference)
  await eventually(() => expect(log()).toEqual([expect.objectContaining({ attempt: 1 })]), 10_000)
  expect(received[0]).toMatch(/FAILED/)
})
