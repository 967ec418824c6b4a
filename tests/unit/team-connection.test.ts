import { describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { normalizeServer } from '../../electron/team/team-connection.ts'

// Settings → Team's server field (electron/team/team-connection.ts): what a person types, kept without
// any login or password, and with only the options that cannot stand in for them.
describe('the team server field', () => {
  it('keeps HOST:PORT/DATABASE, the default port, and the server options people need', () => {
    expect(normalizeServer(' office-pc/payouts ')).toBe('office-pc:5432/payouts')
    expect(normalizeServer('postgres://db.example:6543/pay?sslmode=require')).toBe(
      'db.example:6543/pay?sslmode=require',
    )
    expect(normalizeServer('postgresql://10.0.0.5:5432/books')).toBe('10.0.0.5:5432/books')
  })

  it('refuses a login, a password, a missing database or an option that would override the login', () => {
    for (const text of [
      'siti:secret@office-pc:5432/payouts',
      'siti@office-pc/payouts',
      'office-pc:5432',
      'office-pc:5432/',
      'office-pc/payouts?password=secret',
      'office-pc/payouts?user=budi',
      'office-pc/a/b',
      'http://[',
      'office-pc/db%zz',
    ]) {
      let error: unknown
      try {
        normalizeServer(text)
      } catch (e) {
        error = e
      }
      expect(error, text).toBeInstanceOf(AppError)
      expect((error as AppError).text.key, text).toBe('teamServerInvalid')
    }
  })
})
