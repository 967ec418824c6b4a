import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES, isErrorKey, wordError, type ErrorKey } from '../../shared/messages/errors.ts'
import { CLI_ERRORS } from '../../shared/messages/errors/cli.ts'

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

  it('word every key in English and 简体中文, differently, with no placeholder left, at both doors', () => {
    for (const key of keys)
      for (const door of ['window', 'cli'] as const) {
        const en = wordError({ key, params }, 'en', door)
        const zh = wordError({ key, params }, 'zh-CN', door)
        expect(en, key).toMatch(/\S/)
        expect(zh, key).toMatch(/[\u4e00-\u9fff]/)
        expect(zh, key).not.toBe(en)
        for (const text of [en, zh]) expect(text, key).not.toMatch(/\$\{|undefined|NaN|\[object/)
      }
  })

  it('never names a command-line option in the window, nor a window menu at the command line', () => {
    const cliOnly = new Set(Object.keys(CLI_ERRORS))
    const commandLine = /payout-desk |(^|\s|`)--[a-z]/
    const menus = /Settings →|设置 →|Needs your decision|“需要您决定”|Tick the box|请勾选/
    for (const key of keys)
      for (const language of ['en', 'zh-CN'] as const) {
        if (!cliOnly.has(key))
          expect(wordError({ key, params }, language, 'window'), key).not.toMatch(commandLine)
        expect(wordError({ key, params }, language, 'cli'), key).not.toMatch(menus)
      }
    expect(wordError({ key: 'secretNotStored' }, 'en', 'window')).toContain('Settings → Profiles')
    expect(wordError({ key: 'secretNotStored' }, 'en', 'cli')).toContain('payout-desk profile edit')
    // A team profile's open payouts are settled on the team ledger's commands.
    const locked = { key: 'gatewayAccountLocked', params: { name: 'Toko', count: 2 } } as const
    expect(wordError(locked, 'en', 'cli')).toContain('(`payout-desk attention`)')
    const team = { ...locked, params: { ...locked.params, ledger: 'team' } }
    for (const language of ['en', 'zh-CN'] as const)
      expect(wordError(team, language, 'cli')).toContain('`payout-desk team attention`')
  })

  it("words a status as the window shows it, in the person's language", () => {
    const text = {
      key: 'sentRecently',
      params: { date: '2026-12-01', reference: 'INV_1', status: 'unknown' },
    } as const
    expect(wordError(text, 'en')).toContain('(INV_1, In doubt)')
    expect(wordError(text, 'zh-CN')).toContain('（INV_1，待确认）')
    // At the command line, the word `list` prints and `--status` takes.
    expect(wordError(text, 'en', 'cli')).toContain('(INV_1, in-doubt)')
    expect(wordError(text, 'zh-CN', 'cli')).toContain('（INV_1，待确认）')
  })

  it('names one payout of several by its place', () => {
    const text = { key: 'amountNotPositive', params: { payoutIndex: 3 } } as const
    expect(wordError(text, 'en')).toBe('Payout 3: The amount must be more than zero.')
    expect(wordError(text, 'zh-CN')).toBe('第 3 笔付款：金额必须大于零。')
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
    expect(wordError({ key: 'retryTooSoon', params: { since: 1, settle: 10 } }, 'en')).toContain(
      'sent only 1 minute ago; a gateway can take 10 minutes',
    )
    expect(wordError({ key: 'warningsNotAccepted', params: { count: 1, line: 4 } }, 'en')).toBe(
      'Line 4 has a warning that was not accepted. Nothing was sent.',
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
