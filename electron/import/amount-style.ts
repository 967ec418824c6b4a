/**
 * Indonesian-style amounts: dots between thousands and a comma before decimals ("1.500.000",
 * "Rp 1.500.000", "1.000.000,00"). Read per file, never per row: "1.500" alone could be one and a half.
 */
const GROUPED = /^(?:rp\.?\s*)?\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$/i
const RUPIAH = /^rp\.?\s*\d+(?:,\d{1,2})?$/i
const DECIMAL_COMMA = /^\d+,\d{2}$/
const PLAIN = /^\d+$/

/**
 * The first amount written in that style when every amount of the column fits it (plain whole numbers
 * fit any style), else null.
 */
export function thousandsDotExample(amounts: readonly string[]): string | null {
  let example: string | null = null
  for (const raw of amounts) {
    const value = raw.trim()
    if (value === '' || PLAIN.test(value)) continue
    if (!GROUPED.test(value) && !RUPIAH.test(value) && !DECIMAL_COMMA.test(value)) return null
    example ??= value
  }
  return example
}

/** "Rp 1.500.000,50" → "1500000.50", for the ordinary amount parser. */
export const fromThousandsDot = (value: string): string =>
  value
    .trim()
    .replace(/^rp\.?\s*/i, '')
    .replace(/\./g, '')
    .replace(',', '.')

/** One amount written with dots between thousands ("10.000.000", "Rp 1.500.000,50"). */
export const isThousandsDot = (value: string): boolean => GROUPED.test(value.trim())
