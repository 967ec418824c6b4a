import { describe, expect, it } from 'vitest'
import { systemCode } from '../../electron/providers/http.ts'

/** As fetch reports a failure: TypeError("fetch failed") whose cause is the socket's error. */
const fetchFailed = (cause: object) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket'), cause) })

describe('systemCode (electron/providers/http.ts): which failures prove a create never left', () => {
  it('a refused connection or a name that does not resolve: nothing was sent', () => {
    expect(systemCode(fetchFailed({ code: 'ECONNREFUSED', syscall: 'connect' }))).toBe('ECONNREFUSED')
    expect(systemCode(fetchFailed({ code: 'ENOTFOUND', syscall: 'getaddrinfo' }))).toBe('ENOTFOUND')
  })

  it('no route to the host while connecting: nothing was sent', () => {
    expect(systemCode(fetchFailed({ code: 'EHOSTUNREACH', syscall: 'connect' }))).toBe('EHOSTUNREACH')
    expect(systemCode(fetchFailed({ code: 'ENETUNREACH', syscall: 'connect' }))).toBe('ENETUNREACH')
  })

  it('no route on a connection already open: the request may have arrived, so it is in doubt', () => {
    expect(systemCode(fetchFailed({ code: 'EHOSTUNREACH', syscall: 'read' }))).toBeNull()
    expect(systemCode(fetchFailed({ code: 'ENETUNREACH', syscall: 'write' }))).toBeNull()
    expect(systemCode(fetchFailed({ code: 'ECONNRESET', syscall: 'read' }))).toBeNull()
  })

  it('both address families refused (an AggregateError) is refused; one of them reset is not', () => {
    const refused = { code: 'ECONNREFUSED', syscall: 'connect' }
    const all = new AggregateError([
      Object.assign(new Error('a'), refused),
      Object.assign(new Error('b'), refused),
    ])
    expect(systemCode(Object.assign(new TypeError('fetch failed'), { cause: all }))).toBe('ECONNREFUSED')
    const mixed = new AggregateError([
      Object.assign(new Error('a'), refused),
      Object.assign(new Error('b'), { code: 'ECONNRESET', syscall: 'read' }),
    ])
    expect(systemCode(Object.assign(new TypeError('fetch failed'), { cause: mixed }))).toBeNull()
  })
})
