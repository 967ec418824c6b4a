import { describe, expect, it } from 'vitest'
import {
  accountFieldsOf,
  accountKeyIn,
  accountKeyOf,
  payeeKeysOf,
} from '../../shared/domain/payee-account.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'

const vexora = payoutShape('vexora', 'ID') as PayoutShape
const bluepay = payoutShape('bluepay', 'TH') as PayoutShape

describe('payee keys', () => {
  it('key an account as accountKeyOf(accountFieldsOf(…)) does, fields missing or empty included', () => {
    const rows: [PayoutShape, Record<string, string>][] = [
      [vexora, { bankCode: '0002', bankAccountNo: '0012345', customerName: 'Siti', mobile: '0812' }],
      [vexora, { bankAccountNo: '0012345' }],
      [vexora, { bankCode: '', bankAccountNo: '0012345' }],
      [bluepay, { transferCode: 'BBL', payMethodCode: 'BANK', accountNo: '123', accountName: 'Somchai' }],
      [bluepay, { payMethodCode: 'PROMPTPAY', accountNo: '0812345678' }],
      [vexora, {}],
    ]
    for (const [shape, fields] of rows)
      expect(accountKeyIn(shape, fields)).toBe(accountKeyOf(accountFieldsOf(shape, fields)))
  })

  it('name a payee by the name key, or by the account number when the row names nobody', () => {
    expect(payeeKeysOf(vexora, { customerName: 'SITI  rahma', bankAccountNo: '1' }, '1').name).toBe(
      'sitirahma',
    )
    expect(payeeKeysOf(vexora, { bankAccountNo: '0099' }, '0099').name).toBe('0099')
  })
})
