import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generateMerchantKeyPair, parsePrivateKey, signParam } from '../../electron/providers/bluepay/sign.ts'
import { createBluePayClient } from '../../electron/providers/bluepay/client.ts'
import type { CreateOutcome } from '../../electron/providers/types.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { FAULT_MODES } from '../../electron/sandbox/faults.ts'
import { FAULT_REACHES_GATEWAY } from '../support/fault-expectations.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { startCallbackReceiver } from '../support/callback-receiver.ts'
import { eventually } from '../support/eventually.ts'
import { bluepayClient, bluepayConfig, thbBankFields } from '../support/sandbox-clients.ts'
import { startScriptedGateway, type ScriptedGateway } from '../support/scripted-gateway.ts'

let sandbox: Sandbox
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>
const received: unknown[] = []
let n = 0
const ref = () => `BPT${Date.now().toString(36)}${String(++n).padStart(5, '0')}`
const payout = (fields: Record<string, string> = thbBankFields(), amountMinor = 50_020) => ({
  reference: ref(),
  amountMinor,
  currency: 'THB' as const,
  fields,
})
const stored = (reference: string) => sandbox.book.get('bluepay', 'th', reference)

beforeAll(async () => {
  // BluePay has no per-payout notify URL: callbacks go where the merchant registered, here a receiver.
  let client: ReturnType<typeof bluepayClient> | null = null
  receiver = await startCallbackReceiver((raw) => {
    const result = client?.handleCallback(raw)
    if (!result) return { status: 503, contentType: 'text/plain', body: 'not ready' }
    if (result.accepted) received.push(result.event)
    return result.reply
  })
  sandbox = await startSandbox({
    settleAfterMs: 300,
    bluepayNotifyUrl: receiver.url,
    callbackRetryDelaysMs: [100],
  })
  client = bluepayClient(sandbox)
}, 30_000)
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})
afterEach(() => sandbox.faults.clear())

describe('BluePay client against the sandbox', () => {
  it('transfers in satang inside a signed envelope, then follows the payout to COMPLETED', async () => {
    const client = bluepayClient(sandbox)
    const request = payout()
    const created = await client.create(request)
    expect(created).toMatchObject({
      kind: 'accepted',
      state: { state: 'processing', gatewayStatus: 'PENDING' },
    })
    const envelope = JSON.parse(created.exchange.request.body) as {
      appId: string
      param: string
      sign: string
    }
    expect(Object.keys(envelope)).toEqual(['appId', 'param', 'sign'])
    const param = JSON.parse(envelope.param) as Record<string, unknown>
    expect(param).toMatchObject({
      mchOrderId: request.reference,
      idempotencyId: request.reference,
      amount: 50_020,
    })
    expect(typeof param.timestamp).toBe('number')
    expect(created.exchange.request.body).not.toContain('PRIVATE KEY')

    await eventually(async () => {
      expect(await client.query(request.reference)).toMatchObject({
        kind: 'found',
        amountMinor: 50_020,
        gatewayId: (created as Extract<CreateOutcome, { kind: 'accepted' }>).gatewayId,
        state: { state: 'succeeded', gatewayStatus: 'COMPLETED' },
      })
    })
  })

  it('reports FAILED with its failedCode, unknown statuses as needs review, and unknown orders as not found', async () => {
    const client = bluepayClient(sandbox)
    const failing = payout(thbBankFields('8880000'))
    const odd = payout(thbBankFields('1234567891', 'REVIEW this one'))
    await client.create(failing)
    await client.create(odd)
    await eventually(async () => {
      expect(await client.query(failing.reference)).toMatchObject({
        state: { state: 'failed', failureCode: '-10005', gatewayMessage: 'Destination Account Error' },
      })
      expect(await client.query(odd.reference)).toMatchObject({
        state: { state: 'needs_review', gatewayStatus: 'ON_HOLD' },
      })
    })
    expect(await client.query('NEVERSENT0001')).toMatchObject({ kind: 'not_found' })
  })

  it('sends PromptPay and e-wallet payouts with only the fields their method needs', async () => {
    const client = bluepayClient(sandbox)
    const promptpay = { payMethodCode: 'PROMPTPAY', promptpayAccountType: 'MSISDN', accountNo: '0812345678' }
    expect(await client.create(payout(promptpay))).toMatchObject({ kind: 'accepted' })
    const wallet = {
      payMethodCode: 'EWALLET',
      transferCode: 'TRUEMONEY',
      accountNo: '0899999999',
      accountName: 'Nok',
    }
    expect(await client.create(payout(wallet))).toMatchObject({ kind: 'accepted' })
    await expect(client.create(payout({ payMethodCode: 'BANK', accountNo: '123' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: /transferCode \(required\).*accountName \(required\)/,
    })
    await expect(client.create({ ...payout(), reference: 'short' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })

  it('maps documented codes to rejections with advice, and duplicates to "exists"', async () => {
    const client = bluepayClient(sandbox)
    const request = payout()
    await client.create(request)
    expect(await client.create(request)).toMatchObject({ kind: 'exists' })

    const stranger = await generateMerchantKeyPair(2048)
    const wrongKey = createBluePayClient(bluepayConfig(sandbox), stranger.privateKeyPem)
    const badSign = await wrongKey.create(payout())
    expect(badSign).toMatchObject({ kind: 'rejected', reason: 'bad_signature', gatewayCode: '21001' })
    expect((badSign as { message: string }).message).toMatch(
      /private key in Settings → Profiles.*BluePay 21001/,
    )

    expect(await bluepayClient(sandbox, { merchantId: 'NOPE' }).create(payout())).toMatchObject({
      kind: 'rejected',
      reason: 'bad_merchant',
      gatewayCode: '21003',
    })
    const stale = bluepayClient(sandbox, {}, () => Date.now() - 10 * 60_000)
    expect(await stale.create(payout())).toMatchObject({
      kind: 'rejected',
      reason: 'clock_skew',
      gatewayCode: '21009',
    })
    expect(await client.create(payout(thbBankFields(), 600_000_000))).toMatchObject({
      kind: 'rejected',
      reason: 'amount_limit',
      gatewayCode: '21010',
    })
  }, 30_000)

  it('says the balance is too low once committed payouts use it up, and reads the balance in satang', async () => {
    // Its own sandbox, so emptying the balance does not starve the other tests.
    const own = await startSandbox({ settleAfterMs: 300 })
    try {
      const client = bluepayClient(own)
      const balance = await client.balance()
      expect(balance).toMatchObject({ kind: 'ok', currency: 'THB', availableMinor: 1_000_000_000 })
      const big = 490_000_000
      expect(await client.create(payout(thbBankFields(), big))).toMatchObject({ kind: 'accepted' })
      expect(await client.create(payout(thbBankFields(), big))).toMatchObject({ kind: 'accepted' })
      expect(await client.create(payout(thbBankFields(), big))).toMatchObject({
        kind: 'rejected',
        reason: 'insufficient_balance',
        gatewayCode: '21014',
      })
      expect(await client.balance()).toMatchObject({ kind: 'ok', availableMinor: 1_000_000_000 - 2 * big })
    } finally {
      await own.close()
    }
  })

  describe('every fault mode on create leaves the payout in doubt, and the check tells the truth', () => {
    for (const mode of FAULT_MODES) {
      it(mode, async () => {
        const client = bluepayClient(sandbox, { timeoutMs: 800 })
        const request = payout()
        sandbox.faults.add({ mode, provider: 'bluepay', endpoint: 'create', delayMs: 2_000 })
        const created = await client.create(request)
        expect(created.kind).toBe('unknown')
        expect(Boolean(stored(request.reference))).toBe(FAULT_REACHES_GATEWAY[mode])
        // BluePay can say "not found", which is what makes a safe re-send possible later.
        expect((await client.query(request.reference)).kind).toBe(
          FAULT_REACHES_GATEWAY[mode] ? 'found' : 'not_found',
        )
      })
    }
  })

  it('reports check and balance faults as inconclusive', async () => {
    const client = bluepayClient(sandbox, { timeoutMs: 800 })
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

describe('BluePay callbacks', () => {
  it('arrive from the sandbox for final states, verified over the raw param, answered with code 10000', async () => {
    const client = bluepayClient(sandbox)
    const request = payout(thbBankFields('4440000'))
    await client.create(request)
    // The sandbox calls back once the payout settles; a busy machine can take a while.
    await eventually(
      () => expect(received).toContainEqual(expect.objectContaining({ reference: request.reference })),
      30_000,
    )
    expect(received.find((e) => (e as { reference: string }).reference === request.reference)).toMatchObject({
      amountMinor: 50_020,
      state: { state: 'failed', gatewayStatus: 'FAILED', failureCode: '-10005' },
    })
    // The sandbox writes its delivery log after reading our answer.
    await eventually(() => {
      const log = sandbox.callbacks.log.filter((l) => l.reference === request.reference)
      expect(log.at(-1)).toMatchObject({
        acknowledged: true,
        detail: expect.stringContaining('"code":10000') as unknown,
      })
    })
    // Sized for the 30-second wait above: the suite's 20-second default cut it short on a loaded machine.
  }, 60_000)

  it('refuse tampered, forged and re-serialised bodies, and any callback when no BluePay key is configured', async () => {
    const client = bluepayClient(sandbox)
    const request = payout()
    await client.create(request)
    const order = stored(request.reference)
    if (!order) throw new Error('order missing')
    const genuine = callbackBody(sandbox.context, order, 'succeeded')
    expect(client.handleCallback(genuine)).toMatchObject({
      accepted: true,
      reply: { status: 200, body: '{"code":10000,"message":"Success"}' },
    })
    expect(client.handleCallback(genuine)).toMatchObject({ accepted: true }) // a replay reads the same

    const { param, sign } = JSON.parse(genuine) as { param: string; sign: string }
    const tampered = JSON.stringify({ param: param.replace('COMPLETED', 'FAILED'), sign })
    expect(client.handleCallback(tampered)).toMatchObject({
      accepted: false,
      reason: 'bad_signature',
      reply: { status: 400 },
    })
    const reserialised = JSON.stringify({ param: JSON.stringify(JSON.parse(param), null, 1), sign })
    expect(client.handleCallback(reserialised)).toMatchObject({ accepted: false, reason: 'bad_signature' })
    // Signed by the merchant key instead of BluePay's: a forger who knows only the merchant side.
    const forged = JSON.stringify({
      param,
      sign: signParam(param, parsePrivateKey(sandbox.credentials.bluepay.merchantPrivateKeyPem)),
    })
    expect(client.handleCallback(forged)).toMatchObject({ accepted: false, reason: 'bad_signature' })
    expect(
      client.handleCallback(JSON.stringify({ param: JSON.parse(param) as unknown, sign })),
    ).toMatchObject({
      accepted: false,
      reason: 'malformed',
    })
    const keyless = bluepayClient(sandbox, { gatewayPublicKey: null })
    expect(keyless.handleCallback(genuine)).toMatchObject({ accepted: false, reason: 'bad_signature' })
  })
})

describe('BluePay balance shapes and wrapped signatures', () => {
  let gateway: ScriptedGateway
  beforeAll(async () => {
    gateway = await startScriptedGateway()
  })
  afterAll(() => gateway.close())

  it('reads a whole-number balance as satang and a decimal one as baht, keeping the value as sent', async () => {
    const client = bluepayClient(sandbox, { baseUrl: gateway.url })
    // Every amount BluePay documents is in cents; PayCools' sibling answers an integer.
    gateway.answer({ code: 10000, message: 'Success', data: { balance: 1_000_000_000 } })
    expect(await client.balance()).toMatchObject({
      kind: 'ok',
      availableMinor: 1_000_000_000,
      availableDecimal: '10000000.00',
      gatewayValue: '1000000000',
    })
    // ezpaytechs, same engine: a decimal string in major units.
    gateway.answer({ code: 10000, data: { balance: '10000.50' } })
    expect(await client.balance()).toMatchObject({
      kind: 'ok',
      availableMinor: 1_000_050,
      availableDecimal: '10000.50',
      gatewayValue: '10000.50',
    })
    gateway.answer({ code: 10000, data: { balance: '-5' } })
    expect(await client.balance()).toMatchObject({ kind: 'inconclusive' })
  })

  it('accepts a signature wrapped in lines (Java MIME) or ending in a newline, still over the exact param', async () => {
    const client = bluepayClient(sandbox)
    const request = payout()
    await client.create(request)
    const order = stored(request.reference)
    if (!order) throw new Error('order missing')
    const { param, sign } = JSON.parse(callbackBody(sandbox.context, order, 'succeeded')) as {
      param: string
      sign: string
    }
    const mime = (sign.match(/.{1,76}/g) ?? []).join('\r\n')
    for (const wrapped of [mime, `${sign}\n`, `${mime}\r\n`, ` ${sign.slice(0, 10)} \t${sign.slice(10)}`]) {
      expect(
        client.handleCallback(JSON.stringify({ param, sign: wrapped })),
        JSON.stringify(wrapped),
      ).toMatchObject({
        accepted: true,
        event: { reference: request.reference },
      })
    }
    // Whitespace is forgiven in the signature only: param is verified byte for byte.
    expect(client.handleCallback(JSON.stringify({ param: `${param}\n`, sign: mime }))).toMatchObject({
      accepted: false,
      reason: 'bad_signature',
    })
    expect(client.handleCallback(JSON.stringify({ param, sign: `${mime}*` }))).toMatchObject({
      accepted: false,
      reason: 'bad_signature',
    })
  })
})
