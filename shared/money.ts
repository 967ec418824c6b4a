/**
 * Money is an integer count of minor units plus an ISO 4217 code, never a float. Text typed by a person
 * (or read from a spreadsheet) becomes minor units here, once, and is formatted back with Intl.
 */
export const CURRENCIES = {
  IDR: { decimals: 0 },
  THB: { decimals: 2 },
} as const

export type CurrencyCode = keyof typeof CURRENCIES

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(CURRENCIES, value)
}

export type AmountParseError = 'empty' | 'format' | 'too_many_decimals' | 'not_positive' | 'too_large'

export type AmountParseResult = { ok: true; minor: number } | { ok: false; error: AmountParseError }

// Digits with optional comma thousands groups ("1,250,000"), then an optional "." fraction. A dot used as a
// thousands separator ("10.000") is deliberately not guessed at: for IDR it is reported as decimals, so the
// person sees the problem instead of paying a thousand times less or more.
const AMOUNT_PATTERN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/

export function parseAmount(text: string, currency: CurrencyCode): AmountParseResult {
  const trimmed = text.trim().replace(/[\s_]/g, '')
  if (trimmed === '') return { ok: false, error: 'empty' }
  if (trimmed.startsWith('-')) return { ok: false, error: 'not_positive' }
  const match = AMOUNT_PATTERN.exec(trimmed)
  if (!match) return { ok: false, error: 'format' }
  const whole = (match[1] ?? '').replace(/,/g, '')
  const rawFraction = match[2] ?? ''
  const fraction = rawFraction.replace(/0+$/, '')
  const { decimals } = CURRENCIES[currency]
  // "10000.00" from a spreadsheet is fine for IDR; "10.000" (three digits) reads as ten thousand to an
  // Indonesian eye, so it is refused rather than taken as ten.
  if (fraction.length > decimals || rawFraction.length > Math.max(decimals, 2)) {
    return { ok: false, error: 'too_many_decimals' }
  }
  const digits = (whole + fraction.padEnd(decimals, '0')).replace(/^0+(?=\d)/, '')
  // Compare as strings before converting so a 30-digit amount cannot round into a "valid" number.
  const max = String(Number.MAX_SAFE_INTEGER)
  if (digits.length > max.length || (digits.length === max.length && digits > max)) {
    return { ok: false, error: 'too_large' }
  }
  const minor = Number(digits)
  if (minor <= 0) return { ok: false, error: 'not_positive' }
  return { ok: true, minor }
}

/** Minor units as the plain decimal string a gateway or an export expects ("500.20", "100000"). */
export function minorToDecimalString(minor: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`amount ${minor} is not a whole number of minor units`)
  const { decimals } = CURRENCIES[currency]
  if (decimals === 0) return String(minor)
  const sign = minor < 0 ? '-' : ''
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0')
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}

export function formatMoney(minor: number, currency: CurrencyCode, locale: string): string {
  return formatDecimalMoney(minorToDecimalString(minor, currency), currency, locale)
}

/**
 * A plain decimal in major units ("9998989.12"), with every place it has: a gateway balance can carry
 * more than the currency's own (Vexora's IDR balance), and is shown as exactly as it was given.
 */
export function formatDecimalMoney(decimal: string, currency: CurrencyCode, locale: string): string {
  const { decimals } = CURRENCIES[currency]
  const places = decimal.split('.')[1]?.length ?? 0
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: Math.min(20, Math.max(decimals, places)),
    // The exact decimal string, not minor / 100: no float ever touches an amount, even for display.
  }).format(decimal as `${number}`)
}
