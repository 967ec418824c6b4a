import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES, isErrorKey, wordError, type ErrorKey } from '../../shared/messages/errors.ts'

// Every refusal main words by key reads as a whole sentence in both languages, with its values in it.
describe('error messages', () => {
  const keys = Object.keys(ERROR_MESSAGES) as ErrorKey[]
  const params = {
    reference: 'INV_0042',
    count: 3,
    seconds: 2,
    line: 7,
    target: 'amount',
    channel: 'x',
    detail: 'd',
  }

  it('word every key in English and 简体中文, differently, with no placeholder left', () => {
    for (const key of keys) {
      const en = wordError({ key, params }, 'en')
      const zh = wordError({ key, params }, 'zh-CN')
      expect(en, key).toMatch(/\S/)
      expect(zh, key).toMatch(/[\u4e00-\u9fff]/)
      expect(zh, key).not.toBe(en)
      for (const text of [en, zh]) expect(text, key).not.toMatch(/\$\{|undefined|NaN/)
    }
  })

  it('puts the parameters into the sentence', () => {
    expect(wordError({ key: 'referenceNotFound', params: { reference: 'INV_0042' } }, 'en')).toBe(
      'No payout with reference INV_0042.',
    )
    expect(wordError({ key: 'referenceNotFound', params: { reference: 'INV_0042' } }, 'zh-CN')).toContain(
      'INV_0042',
    )
    expect(wordError({ key: 'rowsHaveErrors', params: { count: 1 } }, 'en')).toBe(
      '1 row has errors. Fix it, or leave it out.',
    )
  })

  it('words one and many right: a second, a payout, a row', () => {
    expect(wordError({ key: 'passphraseWait', params: { seconds: 1 } }, 'en')).toBe(
      'Too many wrong passphrases. Wait 1 second, then try again.',
    )
    expect(wordError({ key: 'passphraseWait', params: { seconds: 4 } }, 'en')).toContain('Wait 4 seconds')
    expect(wordError({ key: 'passphraseWait', params: { seconds: 1 } }, 'zh-CN')).toBe(
      '密码错误次数过多。请等待 1 秒后再试。',
    )
    expect(wordError({ key: 'profileHasPayouts', params: { count: 1 } }, 'en')).toBe(
      'This profile has 1 payout in the ledger; it is kept so its record stays complete.',
    )
  })

  it('knows its own keys only', () => {
    expect(isErrorKey('payoutNotFound')).toBe(true)
    expect(isErrorKey('toString')).toBe(false)
    expect(isErrorKey(undefined)).toBe(false)
  })
})
