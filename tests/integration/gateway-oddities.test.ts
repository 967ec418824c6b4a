import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBluePayClient } from '../../electron/providers/bluepay/client.ts'
import { createVexoraClient } from '../../electron/providers/vexora/client.ts'
import { loadSandboxKeys } from '../../electron/sandbox/credentials.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'
import { startScriptedGateway, type ScriptedGateway } from '../support/scripted-gateway.ts'

// Answers the sandbox never gives but a real gateway might: a scripted server returns each in turn.
let gateway: ScriptedGateway
let url = ''

beforeAll(async () => {
  gateway = await startScriptedGateway()
  url = gateway.url
})
afterAll(() => gateway.close())

const config = {
  merchantId: 'M',
  area: 'ID',
  notifyUrl: 'http://127.0.0.1:9/cb',
  gatewayPublicKey: null,
  timeoutMs: 2_000,
}
const vexora = () => createVexoraClient({ ...config, baseUrl: url }, 'secret')
const bluepay = () =>
  createBluePayClient({ ...config, area: 'TH', baseUrl: url }, loadSandboxKeys().merchantPrivateKeyPem)
const answer = (body: unknown, status = 200) => gateway.answer(body, status)

describe('answers that must never be read as a refusal or a failure', () => {
  it('Vexora: unknown top-level codes, missing data and HTTP errors after a create are "unknown"', async () => {
    const request = { reference: 'R1', amountMinor: 20_000, currency: 'IDR' as const, fields: idrFields() }
    for (const body of [
      { code: '1234', msg: 'odd' },
      { code: '0000', msg: 'success' },
      { code: '0000', data: { platFormTradeNo: 'P' } },
    ]) {
      answer(body)
      expect((await vexora().create(request)).kind, JSON.stringify(body)).toBe('unknown')
    }
    answer('<html>404</html>', 404)
    expect(await vexora().create(request)).toMatchObject({ kind: 'unknown', gatewayCode: 'HTTP 404' })
  })

  it('Vexora: an answer about another tradeNo is inconclusive', async () => {
    answer({ code: '0000', data: { tradeNo: 'OTHER', status: '0000' } })
    expect(await vexora().query('R1')).toMatchObject({ kind: 'inconclusive', reason: 'malformed_response' })
  })

  it('BluePay: codes it does not know, and success without a status, are "unknown"', async () => {
    const request = {
      reference: 'BPREF00001',
      amountMinor: 100,
      currency: 'THB' as const,
      fields: thbBankFields(),
    }
    for (const body of [
      { code: 29999, message: 'new' },
      { code: 21000 },
      { code: 21011 },
      { code: 10000, data: {} },
      { code: 'x' },
    ]) {
      answer(body)
      expect((await bluepay().create(request)).kind, JSON.stringify(body)).toBe('unknown')
    }
  })

  it('BluePay: only 21006 on a check means "not found"; 21010 (amount over limit) and other codes are inconclusive', async () => {
    answer({ code: 21006, message: 'Merchant transaction not found' })
    expect((await bluepay().query('BPREF00001')).kind).toBe('not_found')
    // The docs' check example uses 21010 for not found; their code table says "amount exceeds limit".
    answer({ code: 21010, message: 'transaction not found' })
    expect(await bluepay().query('BPREF00001')).toMatchObject({ kind: 'inconclusive', gatewayCode: '21010' })
    answer({ code: 21000, message: 'Server error' })
    expect((await bluepay().query('BPREF00001')).kind).toBe('inconclusive')
    answer({ code: 10000, data: { mchOrderId: 'SOMEONEELSE', transactionStatus: 'COMPLETED' } })
    expect((await bluepay().query('BPREF00001')).kind).toBe('inconclusive')
  })
})
