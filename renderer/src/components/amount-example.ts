import { CURRENCIES, type CurrencyCode } from '../../../shared/money.ts'

/**
 * An amount written the way the amount fields read it (comma thousands, dot decimals) with exactly the
 * currency's decimals: "1,250,000" for IDR, "1,250.50" for THB.
 */
export function amountExample(currency: CurrencyCode): string {
  const { decimals } = CURRENCIES[currency]
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(decimals === 0 ? 1_250_000 : 1_250.5)
}
