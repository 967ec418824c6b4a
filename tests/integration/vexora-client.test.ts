import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CreateOutcome, QueryOutcome } from '../../electron/providers/types.ts'
import { vexoraSign } from '../../electron/providers/vexora/sign.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { FAULT_MODES } from '../../electron/sandbox/faults.ts'
import { FAULT_REACHES_GATEWAY } from '../support/fault-expectations.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { startCallbackReceiver } from '../support/callback-receiver.ts'
import { eventually } from '../support/eventually.ts'
import { idrFields, vexoraClient } from '../support/sandbox-clients.ts'
import { startScriptedGateway, type ScriptedGateway } from '../support/scripted-gateway.ts'

let sandbox: Sandbox
let n = 0
const ref = () => `VXT${Date.now().toString(36)}${String(++n).padStart(4, '0')}`
const payout = (fields = idrFields(), amountMinor = 150_000) => ({
  reference: ref(),
  amountMinor,
  currency: 'IDR' as const,
  fields,
})
const attempts = (reference: string) => sandbox.book.createAttempts('vexora', 'id', reference)
const stored = (reference: string) => sandbox.book.get('vexora', 'id', reference)

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 300, callbackRetryDelaysMs: [100, 100] })
})
afterAll(() => sandbox.close())
afterEach(() => sandbox.faults.clear())

describe('Vexora client against the sandbox', () => {
  it('creates a payout, then follows it from processing to succeeded', async () => {
    const client = vexoraClient(sandbox)
    const request = payout(idrFields('1234567890', 'Siti Nurhaliza 李明'))
    const created = await client.create(request)
    expect(created).toMatchObject({ kind: 'accepted', state: { state: 'processing', gatewayStatus: '0015' } })
    const gatewayId = (created as Extract<CreateOutcome, { kind: 'accepted' }>).gatewayId
    expect(gatewayId).toMatch(/^VX/)
    // The exact string signed is the one sent; the sandbox verified it, unicode name included.
    const sent = JSON.parse(created.exchange.request.body) as Record<string, string>
    expect(sent.amount).toBe('150000')
    expect(sent.sign).toBe(vexoraSign(sent, sandbox.credentials.vexora.secret))
    expect(created.exchange.request.headers.merchantNo).toBe('0000000001')
    expect(created.exchange.request.body).not.toContain(sandbox.credentials.vexora.secret)

    expect(await client.query(request.reference)).toMatchObject({
      kind: 'found',
      state: { state: 'processing' },
    })
    const settled = await eventually(async () => {
      const q = await client.query(request.reference)
      expect(q).toMatchObject({ kind: 'found', state: { state: 'succeeded', gatewayStatus: '0000' } })
      return q as Extract<QueryOutcome, { kind: 'found' }>
    })
    expect(settled.gatewayId).toBe(gatewayId)
    expect(settled.amountMinor).toBe(150_000)
  })

  it('maps a failing account to failed and an unknown status to needs review', async () => {
    const client = vexoraClient(sandbox)
    const failing = payout(idrFields('5550000'))
    const odd = payout(idrFields('1234567891', 'Please REVIEW me'))
    await client.create(failing)
    await client.create(odd)
    await eventually(async () => {
      expect(await client.query(failing.reference)).toMatchObject({
        state: { state: 'failed', gatewayStatus: '00029', gatewayMessage: 'REJECTED_TRANSACTION' },
      })
      expect(await client.query(odd.reference)).toMatchObject({
        state: { state: 'needs_review', gatewayStatus: '0077' },
      })
    })
  })

  it('reads the balance and sees it fall by what was committed', async () => {
    const client = vexoraClient(sandbox)
    const before = await client.balance()
    expect(before).toMatchObject({ kind: 'ok', currency: 'IDR' })
    await client.create(payout(idrFields(), 1_000_000))
    const after = await client.balance()
    if (before.kind !== 'ok' || after.kind !== 'ok') throw new Error('balance not ok')
    expect(before.availableMinor - after.availableMinor).toBe(1_000_000)
  })

  it('turns refusals into plain-language rejections that say what to fix', async () => {
    const request = payout()
    const wrongSecret = await vexoraClient(sandbox)
      .create(request)
      .then(() =>
        // same reference is now a duplicate, so use a fresh one with a client holding the wrong secret
        vexoraClientWithSecret('not-the-secret').create(payout()),
      )
    expect(wrongSecret).toMatchObject({ kind: 'rejected', reason: 'bad_signature', gatewayCode: '8000' })
    expect((wrongSecret as { message: string }).message).toMatch(/app secret in Settings → Profiles/)

    expect(await vexoraClient(sandbox, { merchantId: '9999999999' }).create(payout())).toMatchObject({
      kind: 'rejected',
      reason: 'bad_merchant',
    })
    const skewed = vexoraClient(sandbox, {}, () => Date.now() - 10 * 60_000)
    expect(await skewed.create(payout())).toMatchObject({ kind: 'rejected', reason: 'clock_skew' })
    expect(await vexoraClient(sandbox).create(payout(idrFields(), 9_999))).toMatchObject({
      kind: 'rejected',
      reason: 'amount_limit',
    })
  })

  it('reads a duplicate reference as "the gateway has it", never as a refusal', async () => {
    const client = vexoraClient(sandbox)
    const request = payout()
    expect(await client.create(request)).toMatchObject({ kind: 'accepted' })
    expect(await client.create(request)).toMatchObject({ kind: 'exists' })
    expect(attempts(request.reference)).toBe(2)
    expect(sandbox.book.list().filter((o) => o.reference === request.reference)).toHaveLength(1)
  })

  it('treats a query the gateway cannot answer as inconclusive, never as not found', async () => {
    expect(await vexoraClient(sandbox).query('NEVER-SENT-123')).toMatchObject({
      kind: 'inconclusive',
      gatewayCode: '8000',
    })
  })

  it('refuses fields that break the area rules before anything is sent', async () => {
    const client = vexoraClient(sandbox)
    const bad = payout({ ...idrFields(), mobile: '12345', email: 'nope' })
    await expect(client.create(bad)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: /mobile.*email/,
    })
    await expect(client.create({ ...payout(), currency: 'THB' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(vexoraClient(sandbox, { notifyUrl: null }).create(payout())).rejects.toMatchObject({
      message: /notify URL/,
    })
    expect(attempts(bad.reference)).toBe(0)
  })

  describe('every fault mode on create leaves the payout in doubt, and the query tells the truth', () => {
    for (const mode of FAULT_MODES) {
      it(mode, async () => {
        const client = vexoraClient(sandbox, { timeoutMs: 800 })
        const request = payout()
        sandbox.faults.add({ mode, provider: 'vexora', endpoint: 'create', delayMs: 2_000 })
        const created = await client.create(request)
        expect(created.kind).toBe('unknown')
        expect((created as { message: string }).message).toMatch(/Do not send it again/)
        expect(Boolean(stored(request.reference))).toBe(FAULT_REACHES_GATEWAY[mode])
        const query = await client.query(request.reference)
        expect(query.kind).toBe(FAULT_REACHES_GATEWAY[mode] ? 'found' : 'inconclusive')
        expect(attempts(request.reference)).toBe(FAULT_REACHES_GATEWAY[mode] ? 1 : 0)
      })
    }
  })

  it('reports query and balance faults as inconclusive', async () => {
    const client = vexoraClient(sandbox, { timeoutMs: 800 })
    const request = payout()
    await client.create(request)
    for (const mode of FAULT_MODES) {
      sandbox.faults.add({ mode, endpoint: 'query', delayMs: 2_000 })
      expect((await client.query(request.reference)).kind, mode).toBe('inconclusive')
      sandbox.faults.add({ mode, endpoint: 'balance', delayMs: 2_000 })
      expect((await client.balance()).kind, mode).toBe('inconclusive')
    }
  })
})

function vexoraClientWithSecret(secret: string) {
  return vexoraClient({
    ...sandbox,
    credentials: { ...sandbox.credentials, vexora: { ...sandbox.credentials.vexora, secret } },
  })
}

describe('Vexora callbacks', () => {
  it('are delivered by the sandbox, verified, read, and answered OK; a FAIL answer is retried', async () => {
    let refuseFirst = true
    const client = vexoraClient(sandbox)
    const events: unknown[] = []
    const receiver = await startCallbackReceiver((raw) => {
      const result = client.handleCallback(raw)
      if (refuseFirst) {
        refuseFirst = false
        return { status: 500, contentType: 'text/plain', body: 'busy' }
      }
      if (result.accepted) events.push(result.event)
      return result.reply
    })
    try {
      const request = payout(idrFields('7777777'))
      const created = await vexoraClient(sandbox, { notifyUrl: receiver.url }).create(request)
      await eventually(() => expect(events).toHaveLength(1))
      expect(events[0]).toEqual({
        reference: request.reference,
        gatewayId: (created as { gatewayId: string }).gatewayId,
        amountMinor: 150_000,
        amountText: '150000',
        state: { state: 'succeeded', gatewayStatus: '0000', gatewayMessage: 'SUCCESS', failureCode: null },
      })
      // The sandbox writes its delivery log after reading our answer, so wait for the second entry.
      await eventually(() => {
        const log = sandbox.callbacks.log.filter((l) => l.reference === request.reference)
        expect(log.map((l) => l.acknowledged)).toEqual([false, true])
      })
    } finally {
      await receiver.close()
    }
  })

  it('refuses forged and tampered bodies, and reads replays and late ones the same way every time', async () => {
    const client = vexoraClient(sandbox)
    const request = payout()
    await client.create(request)
    const order = stored(request.reference)
    if (!order) throw new Error('order missing')
    const genuine = callbackBody(sandbox.context, order, 'succeeded')
    const accepted = client.handleCallback(genuine)
    expect(accepted).toMatchObject({ accepted: true, reply: { status: 200, body: 'OK' } })
    // A replay is still genuine; applying it twice is the ledger's job to make harmless.
    expect(client.handleCallback(genuine)).toEqual(accepted)
    const late = client.handleCallback(callbackBody(sandbox.context, order, 'pending'))
    expect(late).toMatchObject({ accepted: true, event: { state: { state: 'processing' } } })

    const tampered = genuine.replace('"status":"0000"', '"status":"00029"')
    expect(client.handleCallback(tampered)).toMatchObject({
      accepted: false,
      reason: 'bad_signature',
      reply: { status: 400, body: 'FAIL' },
    })
    const body = JSON.parse(genuine) as Record<string, string>
    const forged = { ...body, sign: vexoraSign(body, 'guessed-secret') }
    expect(client.handleCallback(JSON.stringify(forged))).toMatchObject({
      accepted: false,
      reason: 'bad_signature',
    })
    expect(client.handleCallback('not json')).toMatchObject({ accepted: false, reason: 'malformed' })
    expect(client.handleCallback('{"nested":{"a":1}}')).toMatchObject({
      accepted: false,
      reason: 'malformed',
    })
  })

  it('verifies a numeric amount over the exact digits that were signed', () => {
    const client = vexoraClient(sandbox)
    const timestamp = String(Date.now())
    const fields = { tradeNo: 'T1', platFormTradeNo: 'P1', status: '0000', amount: '150000.00', timestamp }
    const sign = vexoraSign(fields, sandbox.credentials.vexora.secret)
    const raw = `{"tradeNo":"T1","platFormTradeNo":"P1","status":"0000","amount":150000.00,"timestamp":${timestamp},"sign":"${sign}"}`
    expect(client.handleCallback(raw)).toMatchObject({ accepted: true, event: { amountMinor: 150_000 } })
  })
})

describe('Vexora answers as its docs show them', () => {
  let gateway: ScriptedGateway
  beforeAll(async () => {
    gateway = await startScriptedGateway()
  })
  afterAll(() => gateway.close())
  const scripted = (area = 'ID') => vexoraClient(sandbox, { baseUrl: gateway.url, area })

  it("reads the docs' balance with four places, keeps its fraction, and keeps the value as sent", async () => {
    // vexora-api.md §2.5, byte for byte: a JSON number, four places, in an IDR account.
    gateway.answer(
      '{"msg":"success","code":"0000","data":{"availableAmount":9998989.1200,"unsettledAmount":0.0000,"freezeAmount":0.0000}}',
    )
    expect(await scripted().balance()).toMatchObject({
      kind: 'ok',
      currency: 'IDR',
      availableMinor: 9_998_989,
      availableDecimal: '9998989.12',
      gatewayValue: '9998989.1200',
    })
    // Colombia's table types it as a string; a THB balance with more places than satang keeps them too.
    gateway.answer({ code: '0000', data: { availableAmount: '12345.6780', freezeAmount: '0' } })
    expect(await scripted('TH').balance()).toMatchObject({
      kind: 'ok',
      currency: 'THB',
      availableMinor: 1_234_567,
      availableDecimal: '12345.678',
      gatewayValue: '12345.6780',
    })
    gateway.answer({ code: '0000', data: { freezeAmount: 0 } })
    expect(await scripted().balance()).toMatchObject({ kind: 'inconclusive', reason: 'malformed_response' })
  })

  it('says up front that a profile without a notify URL cannot send, and refuses before a request leaves', async () => {
    const client = vexoraClient(sandbox, { baseUrl: gateway.url, notifyUrl: null })
    expect(client.cannotSend).toEqual({ key: 'notifyUrlMissing', params: { gateway: 'Vexora' } })
    await expect(client.create(payout())).rejects.toThrow(/notify \(callback\) URL/)
    expect(vexoraClient(sandbox).cannotSend).toBeNull()
  })
})
