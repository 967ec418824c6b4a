import { request } from 'node:http'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { idrFields, vexoraClient } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function sandboxWith(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ settleAfterMs: 60_000, callbackRetryDelaysMs: [], ...options })
  cleanups.push(() => sandbox.close())
  return sandbox
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

const listening = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  )

/** A GET with the Host header a browser would send for a page on `host`. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.once('error', reject)
    req.end()
  })
}

let n = 0
const payout = (amountMinor = 150_000) => ({
  reference: `SBX${Date.now().toString(36)}${String(++n).padStart(4, '0')}`,
  amountMinor,
  currency: 'IDR' as const,
  fields: idrFields(),
})

describe('the built-in sandbox in the app', () => {
  it('listens only once a built-in sandbox profile is used', async () => {
    const port = await freePort()
    const tmp = makeTempDir()
    const services: Services = await createServices({
      appVersion: 't',
      dataDir: tmp.dir,
      sandbox: { port, settleAfterMs: 60_000 },
      poll: false,
    })
    cleanups.push(
      () => tmp.cleanup(),
      () => services.close(),
    )
    const { call } = ipcCaller(() => createHandlers(services, () => undefined))
    await services.ready
    expect(await listening(port)).toBe(false)
    await call('listProfiles')
    expect(await listening(port)).toBe(false)
    const builtin = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
    await call('getBalance', { profileId: builtin?.id ?? '', refresh: true })
    expect(await listening(port)).toBe(true)
  })
})

describe('the sandbox gateway', () => {
  it('answers only under its random path token', async () => {
    const sandbox = await sandboxWith()
    const other = await sandboxWith()
    const { origin, pathname } = new URL(sandbox.url)
    expect(pathname).toMatch(/^\/[0-9a-f]{32}$/)
    expect(new URL(other.url).pathname).not.toBe(pathname)
    expect((await fetch(`${origin}/__sandbox/orders`)).status).toBe(404)
    expect((await fetch(`${origin}/vexora/id/v1/vexora/queryBalance`, { method: 'POST' })).status).toBe(404)
    expect((await fetch(`${sandbox.url}/__sandbox/orders`)).status).toBe(200)
  })

  it('serves the merchants it opened, each by its merchantNo, and no other', async () => {
    const sandbox = await sandboxWith()
    const opened = [sandbox.openVexoraMerchant(), sandbox.openVexoraMerchant()]
    expect(new Set([sandbox.credentials.vexora.merchantNo, ...opened]).size).toBe(3)
    for (const merchantId of [sandbox.credentials.vexora.merchantNo, ...opened])
      expect((await vexoraClient(sandbox, { merchantId }).balance()).kind, merchantId).toBe('ok')
    const other = await vexoraClient(sandbox, { merchantId: '0000000099' }).balance()
    expect(other.kind).toBe('inconclusive')
    expect(JSON.stringify(other)).toContain('merchant not found')
  })

  it('turns away requests whose Host is not loopback (DNS rebinding)', async () => {
    const sandbox = await sandboxWith()
    const { port } = new URL(sandbox.url)
    expect(await getWithHost(`${sandbox.url}/__sandbox/orders`, `attacker.example:${port}`)).toBe(421)
    expect(await getWithHost(`${sandbox.url}/__sandbox/orders`, 'attacker.example')).toBe(421)
    expect(await getWithHost(`${sandbox.url}/__sandbox/orders`, `localhost:${port}`)).toBe(200)
  })

  it('refuses a payout whose notifyUrl is not loopback, and never calls it', async () => {
    const sandbox = await sandboxWith({ settleAfterMs: 0 })
    const client = vexoraClient(sandbox, { notifyUrl: 'https://attacker.example/collect' })
    const request = payout()
    expect(await client.create(request)).toMatchObject({ kind: 'rejected' })
    expect(sandbox.book.get('vexora', 'id', request.reference)).toBeUndefined()
    expect(sandbox.callbacks.log).toEqual([])
  })

  it('listens and calls back on loopback only', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/)
    await expect(startSandbox({ bluepayNotifyUrl: 'https://attacker.example/cb' })).rejects.toThrow(
      /loopback addresses only/,
    )
  })

  it('keeps at most maxOrders orders; forgotten ones still count against the balance', async () => {
    const sandbox = await sandboxWith({ maxOrders: 5 })
    const client = vexoraClient(sandbox)
    const before = await client.balance()
    const sent = Array.from({ length: 8 }, () => payout(100_000))
    for (const p of sent) expect(await client.create(p)).toMatchObject({ kind: 'accepted' })
    expect(sandbox.book.list().map((o) => o.reference)).toEqual(sent.slice(3).map((p) => p.reference))
    const after = await client.balance()
    if (before.kind !== 'ok' || after.kind !== 'ok') throw new Error('balance not ok')
    expect(before.availableMinor - after.availableMinor).toBe(800_000)
  })
})
