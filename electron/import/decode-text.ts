import { AppError } from '../errors.ts'

/**
 * The legacy code pages a payout CSV comes in, each with the characters its text is made of. A file is
 * decoded with one of them only when it decodes without a single invalid byte AND every non-ASCII
 * character is one its language uses; one that fits two of them (or none) is refused, never guessed.
 */
const LEGACY: readonly { encoding: string; plausible: (text: string) => boolean }[] = [
  // Chinese Excel on Windows. Ideographs squeezed between Latin letters ("M黮ler") are a Latin file
  // read wrongly, not Chinese.
  {
    encoding: 'gb18030',
    plausible: (t) =>
      onlyNonAscii(
        t,
        /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u00b7\u2014\u2018\u2019\u201c\u201d\u2026]/u,
      ) && !/[A-Za-z][\u4e00-\u9fff]+[A-Za-z]/u.test(t),
  },
  // Thai Excel on Windows. A tone mark or vowel sign must sit on a consonant.
  {
    encoding: 'windows-874',
    plausible: (t) =>
      onlyNonAscii(t, /[\u0e01-\u0e5b\u2018\u2019\u201c\u201d\u2026\u20ac\u00a0]/u) &&
      !/(^|[^\u0e01-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/mu.test(t),
  },
  // Western European Excel. Accented letters come alone or in pairs inside words, not in long runs.
  {
    encoding: 'windows-1252',
    plausible: (t) =>
      onlyNonAscii(
        t,
        /[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u00a0\u00b0\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]/u,
      ) && !/[\u00c0-\u00ff]{3}/u.test(t),
  },
]

function onlyNonAscii(text: string, allowed: RegExp): boolean {
  for (const ch of text) if (ch > '\u007f' && !allowed.test(ch)) return false
  return true
}

function strict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/**
 * A CSV's text and how it was decoded: UTF-8 (with or without BOM), UTF-16 by its BOM (Excel's "Unicode
 * text"), else one legacy code page where exactly one fits.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null
  if (utf16) {
    const text = strict(utf16, bytes)
    if (text === null) throw new AppError('INVALID_INPUT', { key: 'utf16Damaged' })
    return { text, encoding: utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE' }
  }
  const utf8 = strict('utf-8', bytes)
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8' }
  const fits = LEGACY.flatMap(({ encoding, plausible }) => {
    const text = strict(encoding, bytes)
    return text !== null && plausible(text) ? [{ text, encoding }] : []
  })
  const [only] = fits
  if (fits.length === 1 && only) return only
  throw new AppError('INVALID_INPUT', { key: 'encodingUnknown' })
}
