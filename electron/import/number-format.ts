/**
 * What a spreadsheet shows for a whole number in a format that only pads or decorates it: "0000000000",
 * "[$-421]0000000000" (a locale prefix), "\"ID\"000000" (quoted text), "000-000" or "00;-00" (sections).
 * Anything else (decimals, thousands separators, percentages, dates, scientific, text "@") is not an
 * identifier format and gives null: the person sees a number, and a number has no leading zeros.
 */
export function paddedText(value: number, format: string): string | null {
  if (!Number.isSafeInteger(value) || value < 0) return null
  const section = firstSection(format)
  const parts: string[] = []
  let zeros = 0
  for (let i = 0; i < section.length; i++) {
    const ch = section[i] as string
    if (ch === '[') {
      // A locale ([$-421]), colour ([Red]) or condition ([>0]) shows nothing itself.
      const end = section.indexOf(']', i)
      if (end < 0) return null
      i = end
    } else if (ch === '"') {
      const end = section.indexOf('"', i + 1)
      if (end < 0) return null
      parts.push(section.slice(i + 1, end))
      i = end
    } else if (ch === '\\') {
      parts.push(section[i + 1] ?? '')
      i++
    } else if (ch === '_' || ch === '*') {
      i++ // spacing and fill characters: no text of their own
    } else if (ch === '0' || ch === '#' || ch === '?') {
      if (ch === '0') zeros++
      parts.push(ch)
    } else if (/[\s\-+()/:]/.test(ch)) {
      parts.push(ch)
    } else {
      return null
    }
  }
  // "0" or "#" alone shows the bare number: no zeros to give back, so it is not an identifier format.
  if (zeros < 2) return null
  let digits = String(value)
  const out: string[] = []
  // Digits fill the placeholders from the right; whatever is left goes into the leftmost one.
  let leftmost = -1
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as string
    if (part === '0' || part === '#' || part === '?') {
      leftmost = i
      const digit = digits.slice(-1)
      digits = digits.slice(0, -1)
      out[i] = digit || (part === '0' ? '0' : part === '?' ? ' ' : '')
    } else out[i] = part
  }
  if (digits && leftmost >= 0) out[leftmost] = digits + (out[leftmost] ?? '')
  return out.join('')
}

/** The part of a format for positive numbers: up to the first ";" outside quotes and brackets. */
function firstSection(format: string): string {
  let quoted = false
  let bracket = false
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]
    if (ch === '\\' && !quoted) i++
    else if (ch === '"') quoted = !quoted
    else if (!quoted && ch === '[') bracket = true
    else if (!quoted && ch === ']') bracket = false
    else if (ch === ';' && !quoted && !bracket) return format.slice(0, i)
  }
  return format
}
