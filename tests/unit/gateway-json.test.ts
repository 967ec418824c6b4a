import { describe, expect, it } from 'vitest'
import {
  dataFieldText,
  majorToDecimalAmount,
  majorToMinor,
  parseFlatJsonAsText,
} from '../../electron/providers/gateway-json.ts'
import { bluepayState } from '../../electron/providers/bluepay/status.ts'
import { refusal, vexoraState } from '../../electron/providers/vexora/status.ts'

describe('parseFlatJsonAsText', () => {
  it('keeps numbers as the digits that were sent and drops nulls', () => {
    expect(parseFlatJsonAsText('{"amount":100000.00,"n":1e5,"ok":true,"s":"x","z":null}')).toEqual({
      amount: '100000.00',
      n: '1e5',
      ok: 'true',
      s: 'x',
    })
  })

  it('refuses anything but a flat object', () => {
    for (const text of ['[]', '"x"', 'null', '{"a":{"b":1}}', '{"a":[1]}', '{bad json}', '']) {
      expect(parseFlatJsonAsText(text), text).toBeNull()
    }
  })
})

describe('majorToMinor', () => {
  it('converts exactly, with trailing zeros tolerated and extra precision refused', () => {
    expect(majorToMinor('300.00', 'THB')).toBe(30_000)
    expect(majorToMinor(3.5, 'THB')).toBe(350)
    expect(majorToMinor('100000.0000', 'IDR')).toBe(100_000)
    expect(majorToMinor('9998989.12', 'IDR')).toBeNull()
    expect(majorToMinor('1.005', 'THB')).toBeNull()
    for (const bad of ['-1', '1e3', '', 'abc', null, undefined, {}])
      expect(majorToMinor(bad, 'THB')).toBeNull()
  })
})

describe('status mapping', () => {
  it('reads Vexora data.status exactly, unknown codes to a person', () => {
    expect(vexoraState('0015', 'PAYING').state).toBe('processing')
    expect(vexoraState('0000', null).state).toBe('succeeded')
    expect(vexoraState('00029', 'REJECTED').state).toBe('failed')
    for (const odd of ['0029', '0001', '00032', '', 'SUCCESS'])
      expect(vexoraState(odd, null).state, odd).toBe('needs_review')
  })

  it('reads BluePay transactionStatus, COMPLETE as COMPLETED', () => {
    expect(bluepayState('PENDING', null, null).state).toBe('processing')
    expect(bluepayState('COMPLETE', null, null).state).toBe('succeeded')
    expect(bluepayState('FAILED', '-10004', 'Channel Rejected')).toEqual({
      state: 'failed',
      gatewayStatus: 'FAILED',
      gatewayMessage: 'Channel Rejected',
      failureCode: '-10004',
    })
    expect(bluepayState('completed', null, null).state).toBe('needs_review')
  })

  it('gives Vexora refusals advice from their message and keeps the raw message', () => {
    expect(refusal('sign error')).toMatchObject({
      reason: 'bad_signature',
      message: expect.stringContaining('(Vexora: sign error)') as unknown,
    })
    expect(refusal('insufficient balance').reason).toBe('insufficient_balance')
    expect(refusal('something odd')).toMatchObject({
      reason: 'bad_request',
      message: expect.stringMatching(/something odd/) as unknown,
    })
  })
})

describe('gateway balances, exactly as written', () => {
  it("takes a data field's text as sent, numbers included, and only from data", () => {
    expect(dataFieldText('{"data":{"availableAmount":9998989.1200}}', 'availableAmount')).toBe('9998989.1200')
    expect(dataFieldText('{"data":{"balance":"10000.00"}}', 'balance')).toBe('10000.00')
    // Past 2^53 JSON.parse would round; the text does not.
    expect(dataFieldText('{"data":{"balance":123456789012345678.5}}', 'balance')).toBe('123456789012345678.5')
    expect(dataFieldText('{"balance":5,"data":{"other":{"balance":6}}}', 'balance')).toBeNull()
    expect(dataFieldText('{"data":{"balance":7},"balance":5}', 'balance')).toBe('7')
    expect(dataFieldText('{"data":{"balance":null}}', 'balance')).toBeNull()
    expect(dataFieldText('not json', 'balance')).toBeNull()
  })

  it('keeps a fraction finer than the currency in the decimal and cuts it from the minor units', () => {
    expect(majorToDecimalAmount('9998989.1200', 'IDR')).toEqual({ minor: 9_998_989, decimal: '9998989.12' })
    expect(majorToDecimalAmount('100000.0000', 'IDR')).toEqual({ minor: 100_000, decimal: '100000' })
    expect(majorToDecimalAmount('12.5', 'THB')).toEqual({ minor: 1_250, decimal: '12.50' })
    expect(majorToDecimalAmount('0.009', 'THB')).toEqual({ minor: 0, decimal: '0.009' })
    for (const bad of ['-1', '1e5', '', '1.2.3', '99999999999999999999']) {
      expect(majorToDecimalAmount(bad, 'IDR'), bad).toBeNull()
    }
  })
})
