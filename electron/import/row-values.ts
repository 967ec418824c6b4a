import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import type { FieldDef } from '../../shared/providers/fields.ts'
import { issue } from './cell-checks.ts'

/**
 * Checks of one value against what the person meant, where a spreadsheet or an encoding changed it on
 * the way: letters lost to "?", a mobile number written as people write it, a bank code without its
 * leading zeros. Each either reads the value as the gateway expects it or refuses it with the reason.
 */

/**
 * A name holding "?" or U+FFFD: an encoding that could not hold a letter wrote "?" in its place ("Nguy?n
 * V?n Bình" from a Windows-1252 CSV), or a decoder could not read a byte. No one's name holds either, and
 * paying "Nguy?n" may bounce at the bank, so the row is refused rather than sent.
 */
export function lostLetters(
  column: string,
  target: string,
  value: string,
  encoding: string | null,
): ImportIssue | null {
  if (!/[?\uFFFD]/u.test(value)) return null
  // UTF-8 and UTF-16 hold every letter: then they were lost before this file was written (or the file
  // is plain ASCII because every letter beyond it became "?"), so only a legacy code page is named.
  const legacy = encoding !== null && !/^utf-/i.test(encoding) ? encoding : null
  return issue(
    'encoding_lost',
    target,
    `${column} "${value}" has "?" where letters were lost: the file was saved in an encoding that could not hold them${legacy ? ` (${legacy})` : ''}. Save it again as CSV UTF-8 or .xlsx, and check the name`,
    { column, value, ...(legacy ? { encoding: legacy } : {}) },
  )
}

/** Country calling codes of the currencies' countries: a mobile number may be written with one. */
const COUNTRY_CODE: Record<CurrencyCode, string> = { IDR: '62', THB: '66' }

// What people put between the digits of a phone number: spaces, dashes, dots, brackets, slashes.
const PHONE_SEPARATORS = /[\s\-.()/\u2010-\u2015]/gu

/**
 * A mobile number as the gateway takes it: "+62 812-3456-7890" is 6281234567890 for Vexora Indonesia
 * (08… or 628…), "+66 81 234 5678" is 0812345678 for BluePay. Only separators and the country code are
 * changed, never a digit; a number still not in the gateway's form is refused, saying how it was read.
 */
export function readMobile(
  column: string,
  value: string,
  def: FieldDef,
  currency: CurrencyCode,
): { value: string } | { problem: ImportIssue } {
  const { rule } = def
  if (rule.kind !== 'pattern' || rule.pattern.test(value)) return { value }
  const compact = value.replace(PHONE_SEPARATORS, '')
  // Letters or other marks, or bare digits as typed: the gateway's own format check says what is wrong.
  if (!/^\+?\d+$/.test(compact) || compact === value.replace(/^\+/, '')) return { value }
  const digits = compact.replace(/^\+/, '')
  const country = COUNTRY_CODE[currency]
  const national = digits.startsWith(country) ? digits.slice(country.length) : null
  const forms = [
    digits,
    ...(national !== null ? [`0${national}`, national] : []),
    ...(!compact.startsWith('+') && digits.startsWith('0') ? [`${country}${digits.slice(1)}`] : []),
  ]
  const fit = forms.find((f) => rule.pattern.test(f))
  if (fit) return { value: fit }
  const params = {
    column,
    value,
    digits,
    country: `+${country}`,
    ...(def.example ? { example: def.example } : {}),
  }
  const like = def.example ? `: write it like ${def.example}` : ''
  if (compact.startsWith('+') && national === null)
    return {
      problem: issue(
        'phone_invalid',
        def.key,
        `${column} "${value}" is not a number of this gateway's country (+${country})${like}`,
        { ...params, reason: 'country' },
      ),
    }
  return {
    problem: issue(
      'phone_invalid',
      def.key,
      `${column} "${value}" reads as ${digits} (${digits.length} digits), which is not a mobile number the gateway takes${like}`,
      { ...params, reason: 'form', count: digits.length },
    ),
  }
}

/**
 * The bank list's codes for the check below: each code, and each code that starts with a zero by its
 * value without the zeros ("0002" by "2"), so 100,000 rows cost one lookup each.
 */
export function bankCodeIndex(codes: Iterable<string>): {
  codes: ReadonlySet<string>
  padded: ReadonlyMap<string, string>
} {
  const all = new Set(codes)
  const padded = new Map<string, string>()
  for (const c of all) if (/^0\d+$/.test(c)) padded.set(c.replace(/^0+/, ''), c)
  return { codes: all, padded }
}

/**
 * A bank code typed as digits that is not on the gateway's list, while a code on it is the same number
 * with leading zeros ("2" and "0002"): a CSV or a General cell dropped them. Sending "2" would name
 * another bank or none, so the row is refused with the code it most likely meant.
 */
export function lostBankZeros(
  column: string,
  target: string,
  value: string,
  list: ReturnType<typeof bankCodeIndex>,
): ImportIssue | null {
  if (!/^\d+$/.test(value) || list.codes.has(value)) return null
  const meant = list.padded.get(value.replace(/^0+/, ''))
  if (!meant || meant.length <= value.length) return null
  return issue(
    'bank_code_zeros',
    target,
    `${column} "${value}" has lost its leading zeros: the gateway's bank list has "${meant}". A CSV or a General cell drops them; format the column as Text and type ${meant}`,
    { column, value, code: meant },
  )
}
