import { describe, expect, it } from 'vitest'
import { formatDecimalMoney, formatMoney, minorToDecimalString, parseAmount } from '../../shared/money.ts'

describe('parseAmount', () => {
  it('reads whole rupiah and baht with satang into minor units', () => {
    expect(parseAmount('100000', 'IDR')).toEqual({ ok: true, minor: 100_000 })
    expect(parseAmount('1,250,000', 'IDR')).toEqual({ ok: true, minor: 1_250_000 })
    expect(parseAmount('500.20', 'THB')).toEqual({ ok: true, minor: 50_020 })
    expect(parseAmount('500.2', 'THB')).toEqual({ ok: true, minor: 50_020 })
    expect(parseAmount(' 7 ', 'THB')).toEqual({ ok: true, minor: 700 })
    expect(parseAmount('0.01', 'THB')).toEqual({ ok: true, minor: 1 })
  })

  it('treats trailing zero decimals as harmless but refuses real fractions of a rupiah', () => {
    expect(parseAmount('10000.00', 'IDR')).toEqual({ ok: true, minor: 10_000 })
    expect(parseAmount('10.000', 'IDR')).toEqual({ ok: false, error: 'too_many_decimals' })
    expect(parseAmount('1.000', 'THB')).toEqual({ ok: false, error: 'too_many_decimals' })
    expect(parseAmount('10000.5', 'IDR')).toEqual({ ok: false, error: 'too_many_decimals' })
    expect(parseAmount('1.005', 'THB')).toEqual({ ok: false, error: 'too_many_decimals' })
  })

  it('rejects text that is not an amount', () => {
    expect(parseAmount('', 'IDR')).toEqual({ ok: false, error: 'empty' })
    expect(parseAmount('-5', 'IDR')).toEqual({ ok: false, error: 'not_positive' })
    expect(parseAmount('0', 'IDR')).toEqual({ ok: false, error: 'not_positive' })
    expect(parseAmount('0.00', 'THB')).toEqual({ ok: false, error: 'not_positive' })
    for (const bad of ['1e5', '12a', '1,00', '1,0000', '.5', '5.', 'Rp 100', '١٠٠']) {
      expect(parseAmount(bad, 'THB')).toEqual({ ok: false, error: 'format' })
    }
  })

  it('refuses amounts beyond exact integer range instead of rounding them', () => {
    expect(parseAmount('9007199254740991', 'IDR')).toEqual({ ok: true, minor: Number.MAX_SAFE_INTEGER })
    expect(parseAmount('9007199254740992', 'IDR')).toEqual({ ok: false, error: 'too_large' })
    expect(parseAmount('90071992547409.92', 'THB')).toEqual({ ok: false, error: 'too_large' })
    expect(parseAmount('1'.repeat(30), 'IDR')).toEqual({ ok: false, error: 'too_large' })
  })
})

describe('minorToDecimalString', () => {
  it('renders the exact string a gateway or export expects', () => {
    expect(minorToDecimalString(100_000, 'IDR')).toBe('100000')
    expect(minorToDecimalString(50_020, 'THB')).toBe('500.20')
    expect(minorToDecimalString(5, 'THB')).toBe('0.05')
    expect(() => minorToDecimalString(1.5, 'THB')).toThrow(RangeError)
  })
})

// Intl separates the currency with a no-break space; compare what a person reads.
const plain = (text: string) => text.replace(/\s/g, ' ')

describe('formatMoney', () => {
  it('shows rupiah without decimals and baht with two, in the chosen locale', () => {
    expect(plain(formatMoney(1_250_000, 'IDR', 'en'))).toBe('IDR 1,250,000')
    expect(plain(formatMoney(50_020, 'THB', 'en'))).toBe('THB 500.20')
    expect(plain(formatMoney(50_020, 'THB', 'zh-CN'))).toBe('THB 500.20')
    expect(plain(formatMoney(1_250_000, 'IDR', 'id-ID'))).toBe('Rp 1.250.000')
  })

  it('formats amounts too large for a float exactly', () => {
    expect(plain(formatMoney(9_007_199_254_740_991, 'THB', 'en'))).toBe('THB 90,071,992,547,409.91')
  })
})

describe('formatDecimalMoney', () => {
  it("shows a gateway's exact decimal with every place it has, and at least the currency's own", () => {
    expect(plain(formatDecimalMoney('9998989.12', 'IDR', 'en'))).toBe('IDR 9,998,989.12')
    expect(plain(formatDecimalMoney('9998989', 'IDR', 'en'))).toBe('IDR 9,998,989')
    expect(plain(formatDecimalMoney('10000.5', 'THB', 'en'))).toBe('THB 10,000.50')
    expect(plain(formatDecimalMoney('123456789012345678.125', 'THB', 'en'))).toBe(
      'THB 123,456,789,012,345,678.125',
    )
  })
})
