import { CURRENCIES, type CurrencyCode } from '../../shared/money.ts'
import type { ReportedAmount } from './types.ts'

type SourceReviver = (key: string, value: unknown, context?: { source?: string }) => unknown

/**
 * Reads a flat JSON object with every value as the exact text the sender wrote: a callback signed over
 * `amount=100000.00` must be verified over "100000.00", not over the number JSON.parse makes of it.
 * Returns null for anything but a flat object of strings, numbers and booleans (nulls are dropped, as
 * the signing rule drops empty values).
 */
export function parseFlatJsonAsText(text: string): Record<string, string> | null {
  const shape = { flat: true }
  const reviver: SourceReviver = function (this: unknown, key, value, context) {
    if (key === '') return value
    if (value !== null && typeof value === 'object') shape.flat = false
    if ((typeof value === 'number' || typeof value === 'boolean') && context?.source !== undefined) {
      return context.source
    }
    return value
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text, reviver)
  } catch {
    return null
  }
  if (!shape.flat || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value
  }
  return out
}

/**
 * A gateway amount in major units ("300.00", 3.0000, "100000") to minor units, exactly. Null when it is
 * not a plain decimal or has more precision than the currency (which would mean we misread it).
 */
export function majorToMinor(value: unknown, currency: CurrencyCode): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) return null
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  const { decimals } = CURRENCIES[currency]
  if (fraction.length > decimals) return null
  const minor = Number((match[1] ?? '') + fraction.padEnd(decimals, '0'))
  return Number.isSafeInteger(minor) ? minor : null
}

/** A reported amount as text and, where it reads exactly, minor units (see ReportedAmount). */
export function reportedAmount(value: unknown, read: (value: unknown) => number | null): ReportedAmount {
  if (value === undefined || value === null || value === '') return { amountMinor: null, amountText: null }
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return { amountMinor: read(value), amountText: text }
}

/** Integer minor units written as a JSON number or digits ("10000"), nothing else. */
export function integerMinor(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  if (!/^\d+$/.test(text)) return null
  const minor = Number(text)
  return Number.isSafeInteger(minor) ? minor : null
}

/**
 * One field of a gateway answer's `data` object as the exact text the gateway wrote: a JSON number
 * `9998989.1200` comes back as "9998989.1200" (JSON.parse would make it 9998989.12, or round a long
 * one). Null when the body has no such string or number.
 */
export function dataFieldText(body: string, field: string): string | null {
  // The reviver sees each value with the object holding it; keep the text per holder, then take data's.
  const texts = new WeakMap<object, string>()
  const reviver: SourceReviver = function (this: unknown, key, value, context) {
    if (key === field && this !== null && typeof this === 'object') {
      if (typeof value === 'string') texts.set(this, value)
      else if (typeof value === 'number' && context?.source !== undefined) texts.set(this, context.source)
    }
    return value
  }
  try {
    const data = (JSON.parse(body, reviver) as { data?: unknown } | null)?.data
    return data !== null && typeof data === 'object' ? (texts.get(data) ?? null) : null
  } catch {
    return null
  }
}

export interface DecimalAmount {
  /** Whole minor units, any further fraction cut off: what can be counted on. */
  minor: number
  /** The exact amount in major units, trailing zeros beyond the currency's own places dropped. */
  decimal: string
}

/**
 * A gateway amount in major units that may carry more places than the currency (Vexora reports an IDR
 * balance as "9998989.1200"). Unlike majorToMinor, the extra fraction is kept in `decimal`, not refused.
 */
export function majorToDecimalAmount(text: string, currency: CurrencyCode): DecimalAmount | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!match) return null
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '')
  const { decimals } = CURRENCIES[currency]
  const fraction = (match[2] ?? '').replace(/0+$/, '').padEnd(decimals, '0')
  const minor = Number(whole + fraction.slice(0, decimals))
  if (!Number.isSafeInteger(minor)) return null
  return { minor, decimal: fraction ? `${whole}.${fraction}` : whole }
}
