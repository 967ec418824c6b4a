import { app, dialog, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { AppError } from '../errors.ts'
import { createHandlers } from '../ipc/handlers.ts'
import { createServices, type Services } from '../services/create-services.ts'
import { registerAppScheme, serveRendererFrom } from './app-protocol.ts'
import { resolveDataDir } from './data-dir.ts'
import { eventSender, registerIpc } from './ipc-bridge.ts'
import { createMainWindow, lockDownSession } from './window.ts'

// The only file that wires Electron to the plain-Node services; keep logic out of here so tests reach it.
const dataDir = resolveDataDir(process.env, app.getPath('userData'))
app.setPath('userData', dataDir)
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL

let mainWindow: BrowserWindow | null = null
let services: Services | null = null
const getWindow = () => mainWindow

function fail(error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error)
  const message = error instanceof AppError ? error.message : `Payout Desk could not start: ${detail}`
  dialog.showErrorBox('Payout Desk', message)
  app.exit(1)
}

function start(): void {
  try {
    services = createServices({ appVersion: app.getVersion(), dataDir })
  } catch (error) {
    fail(error)
    return
  }
  lockDownSession(session.defaultSession)
  serveRendererFrom(join(import.meta.dirname, '../renderer'))
  const handlers = createHandlers(services, eventSender(getWindow))
  registerIpc(handlers, getWindow, devServerUrl, (channel, error) => console.error(`[ipc:${channel}]`, error))
  mainWindow = createMainWindow(join(import.meta.dirname, '../preload'), devServerUrl)
  mainWindow.on('closed', () => (mainWindow = null))
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => services?.close())
  app.whenReady().then(start, fail)
}
