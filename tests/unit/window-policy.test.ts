// The Electron binary cannot run here, so `electron` is replaced by a recorder of what our window code asks
// of it. What is checked is our wiring: the flags every window is made with, and what the handlers it
// installs decide for each kind of navigation, popup, webview and permission request.
import { beforeEach, describe, expect, it, vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown
const recorded = vi.hoisted(() => ({
  options: null as null | { webPreferences: Record<string, unknown> },
  listeners: new Map<string, Listener>(),
  openHandler: null as null | ((details: { url: string }) => { action: string }),
  opened: [] as string[],
  loaded: [] as string[],
  menu: null as null | MenuSpec[],
}))

interface MenuSpec {
  role?: string
  submenu?: MenuSpec[]
}
const roles = (items: MenuSpec[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])])

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: (handler: typeof recorded.openHandler) => (recorded.openHandler = handler),
      on: (event: string, listener: Listener) => recorded.listeners.set(event, listener),
    }
    constructor(options: typeof recorded.options) {
      recorded.options = options
    }
    once() {}
    show() {}
    loadURL(url: string) {
      recorded.loaded.push(url)
      return Promise.resolve()
    }
  }
  return {
    BrowserWindow,
    Menu: {
      buildFromTemplate: (template: MenuSpec[]) => template,
      setApplicationMenu: (menu: MenuSpec[]) => (recorded.menu = menu),
    },
    shell: { openExternal: (url: string) => (recorded.opened.push(url), Promise.resolve()) },
  }
})

const { createMainWindow, installAppMenu, lockDownSession } = await import('../../electron/main/window.ts')
const { APP_ENTRY_URL } = await import('../../electron/main/security-policy.ts')

/** Fires a will-navigate style event and says whether our handler stopped it. */
function prevented(event: string, url: string): boolean {
  let stopped = false
  recorded.listeners.get(event)?.({ preventDefault: () => (stopped = true) }, url)
  return stopped
}

describe('the main window', () => {
  beforeEach(() => {
    recorded.listeners.clear()
    recorded.opened.length = 0
    recorded.loaded.length = 0
    createMainWindow('/app/out/preload', undefined, { packaged: true })
  })

  it('is isolated and sandboxed, with no Node in the page, and loads only the app', () => {
    expect(recorded.options?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    })
    expect(recorded.options?.webPreferences).not.toHaveProperty('webSecurity', false)
    expect(recorded.options?.webPreferences).not.toHaveProperty('allowRunningInsecureContent', true)
    expect(recorded.loaded).toEqual([APP_ENTRY_URL])
  })

  it('refuses navigation and redirects away from the app, and every webview', () => {
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(prevented(event, 'https://evil.example/phish')).toBe(true)
      expect(prevented(event, 'file:///etc/passwd')).toBe(true)
      expect(prevented(event, 'javascript:alert(1)')).toBe(true)
      expect(prevented(event, `${APP_ENTRY_URL}#history`)).toBe(false)
    }
    expect(prevented('will-attach-webview', 'https://example.com')).toBe(true)
  })

  it('never opens a window; plain web links go to the browser, anything else nowhere', () => {
    const open = recorded.openHandler
    if (!open) throw new Error('no window-open handler')
    for (const url of [
      'https://docs.example.com/help',
      'file:///etc/passwd',
      'https://user:pw@x.example/',
      'smb://host/share',
    ])
      expect(open({ url })).toEqual({ action: 'deny' })
    expect(recorded.opened).toEqual(['https://docs.example.com/help'])
  })
})

describe('a packaged app', () => {
  it('cannot open DevTools; a development build can', () => {
    expect(recorded.options?.webPreferences).toHaveProperty('devTools', false)
    createMainWindow('/app/out/preload', 'http://localhost:5173', { packaged: false })
    expect(recorded.options?.webPreferences).toHaveProperty('devTools', true)
  })

  it('has a minimal menu: Edit shortcuts and quit, no reload or DevTools', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      vi.stubGlobal('process', { ...process, platform })
      try {
        installAppMenu(true)
      } finally {
        vi.unstubAllGlobals()
      }
      const present = roles(recorded.menu ?? [])
      expect(present, platform).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
      )
      expect(present, platform).toContain(platform === 'darwin' ? 'appMenu' : 'quit')
      for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu'])
        expect(present, platform).not.toContain(role)
    }
    installAppMenu(false)
    expect(roles(recorded.menu ?? [])).toContain('toggleDevTools')
  })
})

describe('the session', () => {
  it('grants only sanitized clipboard writes and denies every other permission', () => {
    let request: Listener = () => undefined
    let check: Listener = () => undefined
    lockDownSession({
      setPermissionRequestHandler: (h: Listener) => (request = h),
      setPermissionCheckHandler: (h: Listener) => (check = h),
    } as never)
    const answers: Record<string, unknown> = {}
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
    ])
      request(null, permission, (granted: boolean) => (answers[permission] = granted))
    expect(answers).toEqual({
      media: false,
      geolocation: false,
      notifications: false,
      openExternal: false,
      'clipboard-read': false,
      'clipboard-sanitized-write': true,
    })
    expect(check(null, 'media')).toBe(false)
    expect(check(null, 'clipboard-sanitized-write')).toBe(true)
  })
})
