import { describe, expect, it } from 'vitest'
import { mixesLookAlikeLetters, passesForLatin } from '../../shared/providers/look-alike-letters.ts'

describe('passesForLatin: writing drawn like Latin letters it is not (review 66 F3)', () => {
  it('catches a whole name in Cyrillic, Lisu or Coptic letters drawn as Latin ones', () => {
    for (const name of [
      '\u0405\u0406\u0422\u0406', // "ЅІТІ": Cyrillic Dze, I, Te, I
      '\u041d\u043e\u0451', // "Ноё", drawn "Hoë"
      '\ua4e2\ua4f2\ua4d4\ua4f2', // Lisu "ꓢꓲꓔꓲ"
      '\u0412\u0435\u0440\u0430 \u0421\u0430\u0440\u0430', // Cyrillic, every letter drawn as a Latin one
    ])
      expect(passesForLatin(name), name).toBe(true)
  })

  it('catches Latin letters beside a stand-in from an alphabet the mixed-alphabet rule does not name', () => {
    for (const name of [
      '\u054fiti Rahma', // Armenian Տ
      '\u13daiti Rahma', // Cherokee Ꮪ
      '\u2ca4iti Rahma', // Coptic Ⲥ
      'Dewi \u0261ita', // Latin small script ɡ
      '\u0251mir', // Latin alpha ɑ
      'S\u0131t\u0131 R\u0251hma', // dotless ı is a national letter, the alpha beside it is not
    ])
      expect(passesForLatin(name), name).toBe(true)
  })

  it('is not fooled by what shows as nothing, by stand-ins that are not letters, or by a dot shown twice (review 68)', () => {
    for (const name of [
      '\u0405\u0406\u0422\u0406\u3164', // "ЅІТІ" with a Hangul filler, which is a letter and shows nothing
      '\u0405\u0406\u0422\u0406\uffa0', // likewise, the half-width filler
      '\u0405\u0406\u0422\u0406\u02b9', // with a modifier prime, a letter of no alphabet
      'J\u0966k\u0966 Widodo', // Devanagari zeros for the o's
      'S\u0661T\u0661', // Arabic-Indic ones for the I's
      'S\u2223T\u2223', // a divides sign for each I
      'S\u0e50mchai', // a Thai zero for the o
      'Si\u0307ti Rahma', // an i with a second dot above, drawn "Siti"
      'S\u0131\u0307t\u0131\u0307', // dotless i with a dot: "Siti" again
    ])
      expect(passesForLatin(name), name).toBe(true)
  })

  it('counts no mark as a letter of its own, nor any beside Latin letters, and knows stand-ins newer than its table (review 69)', () => {
    for (const name of [
      '\u0405\u0406\u0422\ua646', // ЅІТꙆ: Cyrillic iota, drawn I, is newer than Unicode 10's table
      '\u0408\u0415\u0405\u0405\ua646\u0421\u0410', // ЈЕЅЅꙆСА, drawn JESSICA
      '\u0405\u0406\u0422\u0406\u0483', // ЅІТІ with a combining titlo
      '\u053c\u057dkman', // Լսkman: an Armenian letter of its own, beside Latin ones
      'J\u0966k\u0966\u094d', // J०k० with a virama
      'J\u1040\u1039k\u1040', // J၀k၀ with the invisible Myanmar stacker
      'S\u0e50\u0e3amchai', // S๐mchai with a Thai phinthu
      '\u13dait\uab72', // Ꮪitꭲ: a Cherokee small letter beside Latin ones
    ])
      expect(passesForLatin(name), name).toBe(true)
    // A word with no letter is a number or a sign, whatever its digits look like.
    for (const text of [
      '\u0e04\u0e48\u0e32\u0e18\u0e23\u0e23\u0e21\u0e40\u0e19\u0e35\u0e22\u0e21 \u0e50 \u0e1a\u0e32\u0e17', // ค่าธรรมเนียม ๐ บาท
      '\u0631\u0627\u062a\u0628 \u0661\u0661', // راتب ١١
      '\u5de5\u8d44 \u3007', // 工资 〇
      'Gaji \u221e',
    ])
      expect(passesForLatin(text), text).toBe(false)
  })

  it('passes a word of another alphabet that keeps letters of its own, stand-ins among them', () => {
    for (const text of [
      'Ahmad \u0623\u062d\u0645\u062f', // أحمد: its alif passes for l, the rest for nothing
      'Abu Bakar \u0639\u0628\u062f \u0627\u0644\u0644\u0647', // عبد الله
      'David \u05d3\u05d5\u05d3', // דוד: its vav passes for l
      'Aung \u101d\u1004\u103a\u1038', // ဝင်း: its wa passes for o
      'Gaji Mei - \u0645\u062d\u0645\u062f',
      '\u0e2a\u0e21\u0e0a\u0e32\u0e22 \u0e51\u0e50', // Thai digits beside Thai digits
    ])
      expect(passesForLatin(text), text).toBe(false)
  })

  it('passes names in their own alphabets, national Latin letters, and what keys as Latin already', () => {
    for (const name of [
      'Siti Rahma',
      'Nguyễn Thị Hương',
      'José Ñúñez',
      'Ægir Søren',
      'I\u015f\u0131k', // Işık: ı is Turkish, not a stand-in
      'O\u2019Brien', // a curly apostrophe is not a letter
      '\u0418\u0432\u0430\u043d', // Иван: И passes for no Latin letter
      '\u041f\u0451\u0442\u0440', // Пётр
      '\u0391\u03bb\u03ad\u03be\u03b7\u03c2', // Αλέξης
      '\u0e2a\u0e21\u0e0a\u0e32\u0e22 Siri', // Thai beside Latin
      '\u674e Wei',
      '\uff33\uff29\uff34\uff29', // full-width ＳＩＴＩ keys as SITI (NFKC), the known name itself
      '\ud835\udc12\ud835\udc08\ud835\udc13\ud835\udc08', // mathematical bold 𝐒𝐈𝐓𝐈, likewise
    ])
      expect(passesForLatin(name), name).toBe(false)
  })
})

describe('mixesLookAlikeLetters', () => {
  it('names Latin with Cyrillic or Greek, and leaves one alphabet alone', () => {
    expect(mixesLookAlikeLetters('D\u0435wi')).toBe(true)
    expect(mixesLookAlikeLetters('\u041f\u0435\u0442\u0440 \u03a0\u03b1\u03bd')).toBe(true)
    expect(mixesLookAlikeLetters('\u0405\u0406\u0422\u0406')).toBe(false)
    expect(mixesLookAlikeLetters('Dewi')).toBe(false)
  })
})
