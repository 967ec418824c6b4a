import { app, dialog, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { AppError } from '../errors.ts'
import { createHandlers } from '../ipc/handlers.ts'
import { CHECKPOINT_WORKER_ENTRY } from '../ledger/checkpointer.ts'
import { READ_WORKER_ENTRY } from '../services/ledger-reader.ts'
import { createServices, type Services } from '../services/create-services.ts'
import { createErrorLog } from '../services/error-log.ts'
import { registerAppScheme, serveRendererFrom } from './app-protocol.ts'
import { resolveDataDir } from './data-dir.ts'
import { debuggingSwitches, refusalMessage } from './debug-switches.ts'
import { electronFileDialogs } from './file-dialogs.ts'
import { eventSender, registerIpc } from './ipc-bridge.ts'
import { notifyBatch, notifyFinal } from './notifications.ts'
import { createMainWindow, installAppMenu, lockDownSession } from './window.ts'

// The only file that wires Electron to the plain-Node services; keep logic out of here so tests reach it.

// Before anything else: a packaged app never runs with a debugger attached to it.
const debugging = app.isPackaged
  ? debuggingSwitches(process.argv, (name) => app.commandLine.hasSwitch(name))
  : []
if (debugging.length > 0) {
  console.error(refusalMessage(debugging))
  dialog.showErrorBox('Payout Desk', refusalMessage(debugging))
  // Synchronous, unlike app.exit: nothing below (data folder, services, window) may start.
  process.exit(1)
}
const dataDir = resolveDataDir(process.env, app.getPath('userData'))
app.setPath('userData', dataDir)
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL

let mainWindow: BrowserWindow | null = null
let services: Services | null = null
const getWindow = () => mainWindow
const emit = eventSender(getWindow)
// Main's errors go to a rotating file in the data folder (secrets and signatures redacted), which a
// person can open from Settings and send to support; while developing they are echoed on stderr.
const errorLog = createErrorLog(dataDir, { echo: !app.isPackaged })
const log = errorLog.write
process.on('unhandledRejection', (reason) => log('unhandled rejection', reason))

function fail(error: unknown): void {
  log('start', error)
  const detail = error instanceof Error ? error.message : String(error)
  const message = error instanceof AppError ? error.message : `Payout Desk could not start: ${detail}`
  dialog.showErrorBox('Payout Desk', message)
  app.exit(1)
}

async function start(): Promise<void> {
  try {
    services = await createServices({
      appVersion: app.getVersion(),
      dataDir,
      // Its own entry in electron.vite.config.ts, built beside this file.
      checkpointWorker: join(import.meta.dirname, `${CHECKPOINT_WORKER_ENTRY}.js`),
      readWorker: join(import.meta.dirname, `${READ_WORKER_ENTRY}.js`),
      files: electronFileDialogs(getWindow),
      errorLog,
      hooks: {
        onPayoutsChanged: (ids) => emit('payoutsChanged', { ids }),
        onPayoutFinal: (id, status) => services && notifyFinal(services.ledger, id, status),
        onConnectivity: (status) => emit('connectivityChanged', status),
        onBatchProgress: (progress) => emit('batchProgress', progress),
        onBatchFinished: (progress) => {
          // The last word on a batch (done or cancelled) reaches the window even if no payout moved.
          emit('batchProgress', progress)
          if (services) notifyBatch(services.ledger, progress)
        },
      },
    })
  } catch (error) {
    fail(error)
    return
  }
  lockDownSession(session.defaultSession)
  serveRendererFrom(join(import.meta.dirname, '../renderer'))
  registerIpc(createHandlers(services, emit, log), getWindow, devServerUrl, (channel, error) =>
    log(`ipc:${channel}`, error),
  )
  installAppMenu(app.isPackaged)
  mainWindow = createMainWindow(join(import.meta.dirname, '../preload'), devServerUrl, {
    packaged: app.isPackaged,
  })
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
  let closing = false
  app.on('will-quit', (event) => {
    if (closing || !services) return
    // Let in-flight work settle and the ledger close cleanly before the process ends.
    closing = true
    event.preventDefault()
    void services.close().finally(() => app.quit())
  })
  app.whenReady().then(start, fail)
}
