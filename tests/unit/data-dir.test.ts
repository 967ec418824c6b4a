import { describe, expect, it } from 'vitest'
import { resolveDataDir } from '../../electron/main/data-dir.ts'

describe('resolveDataDir', () => {
  it('uses the OS user-data folder by default', () => {
    expect(resolveDataDir({}, '/home/a/.config/Payout Desk')).toBe('/home/a/.config/Payout Desk')
    expect(resolveDataDir({ PAYOUT_DESK_HOME: '  ' }, '/os/default')).toBe('/os/default')
  })

  it('honours PAYOUT_DESK_HOME, resolving a relative path against the working folder', () => {
    expect(resolveDataDir({ PAYOUT_DESK_HOME: '/tmp/books' }, '/os/default')).toBe('/tmp/books')
    expect(resolveDataDir({ PAYOUT_DESK_HOME: 'books/acme' }, '/os/default', '/work')).toBe(
      '/work/books/acme',
    )
  })
})
