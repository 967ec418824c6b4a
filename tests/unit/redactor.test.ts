import { describe, expect, it } from 'vitest'
import { createRedactor } from '../../electron/secrets/redactor.ts'

const redact = (text: string) => createRedactor().redact(text)

describe('the redactor', () => {
  it('masks values under a secret-ish field name in JSON and name=value text, any case or spelling', () => {
    expect(
      redact('{"appKey":"abc","APP_SECRET":"def","Passphrase":"ghi","signature":"jkl","key":12345}'),
    ).toBe(
      '{"appKey":"[redacted]","APP_SECRET":"[redacted]","Passphrase":"[redacted]","signature":"[redacted]","key":[redacted]}',
    )
    expect(redact('{\\"privateKey\\":\\"abc\\"}')).toBe('{\\"privateKey\\":\\"[redacted]\\"}')
    expect(redact('sign=abc&merchantKey=def passphrase="two words" amount=150')).toBe(
      'sign=[redacted]&merchantKey=[redacted] passphrase="[redacted]" amount=150',
    )
  })

  it('masks a remembered secret in any letter case', () => {
    const redactor = createRedactor()
    redactor.remember('Vx-secret-9f8e7d')
    expect(redactor.redact('echoed VX-SECRET-9F8E7D and vx-secret-9f8e7d')).toBe(
      'echoed [redacted] and [redacted]',
    )
  })

  it('masks a team ledger password in its URL, however short, and a remembered one URL-encoded', () => {
    expect(redact('connect postgres://budi:pw@db.office.lan:5432/payouts failed')).toBe(
      'connect postgres://budi:[redacted]@db.office.lan:5432/payouts failed',
    )
    const redactor = createRedactor()
    redactor.remember('p@ss word/42')
    expect(redactor.redact('tried p%40ss%20word%2F42 as given')).toBe('tried [redacted] as given')
  })

  it('masks every line of a wrapped signature, its short tail too', () => {
    const signature = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 97 + 13) % 256)).toString(
      'base64',
    )
    const lines = signature.match(/.{1,64}/g) ?? []
    expect(redact(`sig:\n${lines.join('\n')}\nnext line`)).toBe('sig:\n[redacted]\nnext line')
    expect(redact(`"sig":"${lines.join('\\n')}"`)).toBe('"sig":"[redacted]"')
  })

  it('keeps the last four characters of accounts, phones and e-mails', () => {
    expect(
      redact(
        'account 1234567890 padded 0012345 {"bankAccountNo":"0012"} mobile=081234567890 +62 812-3456-7890 siti@example.com',
      ),
    ).toBe('account ***7890 padded ***2345 {"bankAccountNo":"0012"} mobile=***7890 ***7890 ***.com')
  })

  it('leaves ids, dates, amounts and stack frames readable', () => {
    const text =
      '[2026-12-02 19:56:44.123] payout 550e8400-e29b-41d4-a716-446655440000 (T000123) of 150000 IDR at ' +
      'file:///work/electron/payouts/engine.ts:120:15 (connect ECONNREFUSED 127.0.0.1:4010)'
    expect(redact(text)).toBe(text)
  })
})
