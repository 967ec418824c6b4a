import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalString, verifyVexoraSign, vexoraSign } from '../../electron/providers/vexora/sign.ts'
import { VEXORA_VECTOR_PAYOUT, VEXORA_VECTOR_SECRET } from '../support/vexora-vector.ts'

const SECRET = VEXORA_VECTOR_SECRET
const PAYOUT = VEXORA_VECTOR_PAYOUT

describe('vexoraSign', () => {
  it('matches the computed vectors', () => {
    expect(vexoraSign(PAYOUT, SECRET)).toBe('08868bb76a274baaa4df620e20a3f56d')
    expect(vexoraSign({ ...PAYOUT, remark: '' }, SECRET)).toBe('8986354679445a0deeb000b8b6b90dac')
    expect(vexoraSign({ tradeNo: 'test_00000002', timestamp: '1728613320708' }, SECRET)).toBe(
      'bf0e0b049174b1fbc55e851ba47ad860',
    )
    expect(vexoraSign({ timestamp: '1724151084278' }, SECRET)).toBe('968075cd818792c843a132c7473b5918')
  })

  it('builds the documented string: ASCII key order, no separators, sign and empties left out', () => {
    const shuffled = {
      tradeNo: 'T1',
      sign: 'whatever',
      bankCode: '0002',
      remark: '',
      bankAccountNo: '007',
      x: null,
    }
    expect(canonicalString(shuffled)).toBe('bankAccountNo=007bankCode=0002tradeNo=T1')
    // Upper-case letters sort before lower-case ones, as byte order says.
    expect(canonicalString({ b: '1', B: '2', a: '3', Z: '4' })).toBe('B=2Z=4a=3b=1')
  })

  it('hashes UTF-8 bytes, so names outside ASCII sign as the gateway computes them', () => {
    const fields = { customerName: 'Siti Nurhaliza 李明 ñ', tradeNo: 'T2' }
    const expected = createHash('md5')
      .update(Buffer.from(`customerName=Siti Nurhaliza 李明 ñtradeNo=T2${SECRET}`, 'utf8'))
      .digest('hex')
    expect(vexoraSign(fields, SECRET)).toBe(expected)
    expect(vexoraSign(fields, SECRET)).toMatch(/^[0-9a-f]{32}$/)
  })

  it('changes when any signed value, key or the secret changes', () => {
    const base = vexoraSign(PAYOUT, SECRET)
    expect(vexoraSign({ ...PAYOUT, amount: '100001' }, SECRET)).not.toBe(base)
    expect(vexoraSign({ ...PAYOUT, amount: '100000.00' }, SECRET)).not.toBe(base)
    expect(vexoraSign(PAYOUT, `${SECRET}x`)).not.toBe(base)
  })
})

describe('verifyVexoraSign', () => {
  const callback = { platFormTradeNo: '64qpx8yljs8beccd', tradeNo: 'T1', amount: '100000', status: '0000' }
  const signed = { ...callback, sign: vexoraSign(callback, SECRET) }

  it('accepts a genuine body, whatever the case of its hex', () => {
    expect(verifyVexoraSign(signed, SECRET)).toBe(true)
    expect(verifyVexoraSign({ ...signed, sign: signed.sign.toUpperCase() }, SECRET)).toBe(true)
  })

  it('rejects forged, tampered, extended or unsigned bodies', () => {
    expect(verifyVexoraSign({ ...signed, status: '00029' }, SECRET)).toBe(false)
    expect(verifyVexoraSign({ ...signed, extra: 'field' }, SECRET)).toBe(false)
    expect(verifyVexoraSign(signed, 'another-secret')).toBe(false)
    expect(verifyVexoraSign(callback, SECRET)).toBe(false)
    for (const sign of ['', 'abc', `${signed.sign}00`, 'g'.repeat(32)]) {
      expect(verifyVexoraSign({ ...signed, sign }, SECRET)).toBe(false)
    }
  })
})
