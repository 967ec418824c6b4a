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
