import { afterEach, describe, expect, it } from 'vitest'
import { createBluePayClient } from '../../electron/providers/bluepay/client.ts'
import type { ProviderClient } from '../../electron/providers/types.ts'
import { createVexoraClient } from '../../electron/providers/vexora/client.ts'
import {
  loadSandboxKeys,
  SANDBOX_BLUEPAY_APP_ID,
  SANDBOX_VEXORA,
} from '../../electron/sandbox/credentials.ts'
import { callbackBody } from './gateway-wire.ts'
import { CALM, startScriptedGateway, type GatewayKnobs, type ScriptedGateway } from './scripted-gateway.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'

/*
 * The simulation is only as good as its gateway: the app's own clients, unchanged, must read every one of
 * the scripted gateway's answers and callbacks as the real gateway's.
 */
const keys = loadSandboxKeys()
const gateways: ScriptedGateway[] = []
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.close()
})

async function clients(knobs: Partial<GatewayKnobs>) {
  const gateway = await startScriptedGateway(7, { ...CALM, ...knobs })
  gateways.push(gateway)
  const config = { notifyUrl: 'http://127.0.0.1:9/callbacks/x', gatewayPublicKey: null, timeoutMs: 2_000 }
  const vexora = createVexoraClient(
    { ...config, baseUrl: `${gateway.url}/vexora/id`, merchantId: SANDBOX_VEXORA.merchantNo, area: 'ID' },
    SANDBOX_VEXORA.secret,
  )
  const bluepay = createBluePayClient(
    {
      ...config,
      baseUrl: `${gateway.url}/bluepay`,
      merchantId: SANDBOX_BLUEPAY_APP_ID,
      area: 'TH',
      gatewayPublicKey: keys.bluepayPublicKeyPem,
    },
    keys.merchantPrivateKeyPem,
  )
  return { gateway, vexora, bluepay }
}

const request = (client: ProviderClient, reference: string) =>
  client.provider === 'vexora'
    ? { reference, amountMinor: 50_000, currency: 'IDR' as const, fields: idrFields() }
    : { reference, amountMinor: 50_000, currency: 'THB' as const, fields: thbBankFields() }

describe('the scripted gateway, through the app’s own clients', () => {
  it('takes a create, shows it only later, then reports its fate, its amount and its callbacks', async () => {
    const { gateway, vexora, bluepay } = await clients({ visibleFromMs: 300, visibleWithinMs: 300 })
    for (const client of [vexora, bluepay]) {
      const reference = `SCRIPT-${client.provider}-1`
      const created = await client.create(request(client, reference))
      expect(created.kind).toBe('accepted')
      // Hidden at first: BluePay says "not found"; Vexora's 8000 says nothing about the payout.
      expect((await client.query(reference)).kind).toBe(
        client.provider === 'bluepay' ? 'not_found' : 'inconclusive',
      )
      await new Promise((resolve) => setTimeout(resolve, 400))
      const found = await client.query(reference)
      expect(found).toMatchObject({ kind: 'found', amountMinor: 50_000, state: { state: 'succeeded' } })
      // A second create under the same reference is the same order, not a new one.
      expect((await client.create(request(client, reference))).kind).toBe('exists')
      const order = gateway.books.ordersOf(client.provider, reference)
      expect(order).toHaveLength(1)
      const callback = client.handleCallback(callbackBody(order[0] as never, 'failed'))
      expect(callback).toMatchObject({ accepted: true, event: { reference, state: { state: 'failed' } } })
    }
  })

  it('refuses re-sends with the documented codes, drops connections and reports unreadable amounts', async () => {
    const refusing = await clients({ dropAfterTake: 1, refuseResend: 1, unreadableAmount: 1 })
    for (const client of [refusing.vexora, refusing.bluepay]) {
      const reference = `SCRIPT-${client.provider}-2`
      expect(await client.create(request(client, reference))).toMatchObject({
        kind: 'unknown',
        reason: 'network',
      })
      expect((await client.create(request(client, reference))).kind).toBe('rejected')
      const found = await client.query(reference)
      expect(found).toMatchObject({ kind: 'found', amountMinor: null })
      expect(found.kind === 'found' && found.amountText).toBeTruthy()
      const order = refusing.gateway.books.ordersOf(client.provider, reference)[0]
      const callback = client.handleCallback(callbackBody(order as never, 'succeeded'))
      expect(callback).toMatchObject({ accepted: true, event: { amountMinor: null } })
      expect(refusing.gateway.books.attemptsOf(client.provider, reference).map((a) => a.result)).toEqual([
        'taken',
        'refused',
      ])
    }
    const failing = await clients({ http502: 1 })
    expect(await failing.bluepay.create(request(failing.bluepay, 'SCRIPT-bluepay-3'))).toMatchObject({
      kind: 'unknown',
      reason: 'gateway_error',
    })
    expect(failing.gateway.books.ordersOf('bluepay', 'SCRIPT-bluepay-3')).toEqual([])
  })
})
