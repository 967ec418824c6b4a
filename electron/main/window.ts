import { BrowserWindow, Menu, shell, type MenuItemConstructorOptions, type Session } from 'electron'
import { join } from 'node:path'
import { appMenuTemplate, devToolsAllowed } from './app-menu.ts'
import { APP_ENTRY_URL, isAppUrl, isExternalWebUrl } from './security-policy.ts'

// Only writing plain text to the clipboard ("copy public key"); reading it, the camera, notifications
// from the page, geolocation and everything else stay denied.
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write'])

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  )
  session.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission))
}

export function installAppMenu(packaged: boolean): void {
  const template = appMenuTemplate(process.platform, packaged) as MenuItemConstructorOptions[]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

export function createMainWindow(
  preloadDir: string,
  devServerUrl: string | undefined,
  options: { packaged: boolean },
): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Payout Desk',
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'), // eng-disable PRELOAD_JS_CHECK -- one function per channel, no ipcRenderer
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      devTools: devToolsAllowed(options.packaged),
      // A middle-click must not open a link in a new window behind the window-open handler's back.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  const { webContents } = win
  webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK -- http(s) without credentials only
    return { action: 'deny' }
  })
  webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault()
  })
  webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault()
  })
  webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL)
  return win
}
