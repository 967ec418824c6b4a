import { describe, expect, it } from 'vitest'
import {
  accountFieldsOf,
  accountKeyIn,
  accountKeyOf,
  dropInvisible,
  nameKey,
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

  it('leave out of a name every character that shows as nothing: Unicode’s default-ignorable code points', () => {
    expect(nameKey('Dewi\u200b Lestari\u200d\u00ad\u2060\ufe0f\u{e0041}')).toBe('dewilestari')
    // The list the team ledger's fold is made from is the engine's own, code point for code point.
    const differ: string[] = []
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue
      const char = String.fromCodePoint(code)
      if (/\p{Default_Ignorable_Code_Point}/u.test(char) !== (dropInvisible(char) === ''))
        differ.push(code.toString(16))
    }
    // Dropped besides: the braille blank, drawn as a blank, and the control characters `\s` leaves
    // (Unicode's Cc but NUL and the tab, line ends, vertical tab and form feed), none default-ignorable.
    const controls = Array.from({ length: 0xa0 }, (_, code) => code).filter(
      (code) =>
        /\p{Cc}/u.test(String.fromCodePoint(code)) && !/\s/.test(String.fromCodePoint(code)) && code !== 0,
    )
    expect(differ).toEqual([...controls.map((code) => code.toString(16)), '2800'])
    expect(nameKey('Dewi\u2800Lestari')).toBe(nameKey('Dewi Lestari'))
  })

  it('leave out of a name the control characters a name saved before could hold (review 64)', () => {
    expect(nameKey('Dewi\u0007Lestari')).toBe(nameKey('Dewi Lestari'))
    expect(nameKey('Dewi Lestari\u0085')).toBe(nameKey('Dewi Lestari'))
    expect(nameKey('Dewi\u007fLestari')).toBe(nameKey('Dewi Lestari'))
    // Composed again once dropped: the accent meets its letter.
    expect(nameKey('Jose\u0008\u0301')).toBe(nameKey('José'))
  })
})
