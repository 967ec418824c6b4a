import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventName } from '../../shared/ipc/channels.ts'
import { CHANNELS } from '../../shared/ipc/channels.ts'
import { AppError } from '../../electron/errors.ts'
import { dispatch, type Handlers } from '../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { latestSchemaVersion } from '../../electron/ledger/open-ledger.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { addSandboxProfile, seedPayouts } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
let events: { event: EventName; payload: unknown }[]
const logError = vi.fn()
const call = (channel: string, input?: unknown) => dispatch(handlers, channel, input, logError)

beforeEach(async () => {
  tmp = makeTempDir()
  services = await createServices({ appVersion: '9.9.9-test', dataDir: tmp.dir, sandbox: false, poll: false })
  events = []
  handlers = createHandlers(services, (event, payload) => events.push({ event, payload }))
  logError.mockReset()
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

describe('dispatch', () => {
  it('has a handler for every channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
  })

  it('refuses channels that do not exist', async () => {
    expect(await call('deleteEverything', {})).toEqual({
      ok: false,
      code: 'UNKNOWN_CHANNEL',
      message: 'Payout Desk has no request named "deleteEverything".',
      key: 'unknownRequest',
      params: { channel: 'deleteEverything' },
    })
  })

  it('refuses invalid input before any handler runs, and says which field is wrong', async () => {
    const spy = vi.spyOn(handlers, 'setLanguage')
    for (const input of [undefined, {}, { language: 'fr' }, { language: 'en', extra: 1 }, 'en', null]) {
      const result = await call('setLanguage', input)
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    }
    expect(spy).not.toHaveBeenCalled()
    const zero = await call('listPayouts', { limit: 0 })
    expect(zero.ok).toBe(false)
    expect(!zero.ok && zero.message).toMatch(/limit/)
    expect(await call('listPayouts', { limit: 10.5 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await call('listPayouts', { statuses: ['paid'] })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    })
    expect(await call('getAppInfo', { anything: true })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })

  it('passes plain-language AppErrors through and hides the details of anything else', async () => {
    const broken: Handlers = {
      ...handlers,
      getSettings: () => {
        throw new AppError('SECRET_STORE_UNAVAILABLE', {
          key: 'keychainUnavailable',
          params: { platform: 'linux' },
        })
      },
      getAppInfo: () => {
        throw new Error('SQLITE_CORRUPT at page 7 of /home/me/ledger')
      },
    }
    const refused = await dispatch(broken, 'getSettings', undefined, logError)
    expect(refused).toMatchObject({
      ok: false,
      code: 'SECRET_STORE_UNAVAILABLE',
      key: 'keychainUnavailable',
      params: { platform: 'linux' },
    })
    expect(refused.ok ? '' : refused.message).toContain('install a Secret Service')
    const internal = await dispatch(broken, 'getAppInfo', undefined, logError)
    expect(internal).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(JSON.stringify(internal)).not.toContain('SQLITE_CORRUPT')
    expect(logError).toHaveBeenCalledWith('getAppInfo', expect.any(Error))
  })
})

describe('handlers', () => {
  it('reports the app version, data folder and ledger version', async () => {
    expect(await call('getAppInfo')).toEqual({
      ok: true,
      value: { version: '9.9.9-test', dataDir: tmp.dir, ledgerSchemaVersion: latestSchemaVersion() },
    })
  })

  it('stores the language and notification choice in the ledger and pushes the change to the window', async () => {
    expect(await call('getSettings')).toEqual({
      ok: true,
      value: { language: null, notifications: true, pollIntervalSeconds: 10 },
    })
    expect(await call('setLanguage', { language: 'zh-CN' })).toEqual({
      ok: true,
      value: { language: 'zh-CN', notifications: true, pollIntervalSeconds: 10 },
    })
    expect(await call('setNotifications', { enabled: false })).toMatchObject({ ok: true })
    expect(events).toEqual([
      {
        event: 'settingsChanged',
        payload: { language: 'zh-CN', notifications: true, pollIntervalSeconds: 10 },
      },
      {
        event: 'settingsChanged',
        payload: { language: 'zh-CN', notifications: false, pollIntervalSeconds: 10 },
      },
    ])
    await services.close()
    services = await createServices({ appVersion: 'x', dataDir: tmp.dir, sandbox: false, poll: false })
    handlers = createHandlers(services, () => undefined)
    expect(await call('getSettings')).toEqual({
      ok: true,
      value: { language: 'zh-CN', notifications: false, pollIntervalSeconds: 10 },
    })
  })

  it('lists payouts page by page with defaults applied', async () => {
    seedPayouts(services.ledger, addSandboxProfile(services.ledger, 'Paging test'), 130)
    const first = await call('listPayouts', {})
    if (!first.ok) throw new Error(first.message)
    const page = first.value as { rows: unknown[]; nextCursor: string }
    expect(page.rows).toHaveLength(100)
    const second = await call('listPayouts', { cursor: page.nextCursor })
    expect(second).toMatchObject({ ok: true, value: { rows: { length: 30 }, nextCursor: null } })
  })
})
