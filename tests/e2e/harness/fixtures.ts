import { test as base, expect, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { EventName } from '../../../shared/ipc/channels.ts'
import type { EventPayloads } from '../../../shared/ipc/contract.ts'
import type { Handlers } from '../../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../../electron/ipc/handlers.ts'
import { CHECKPOINT_WORKER_ENTRY } from '../../../electron/ledger/checkpointer.ts'
import { READ_WORKER_ENTRY } from '../../../electron/services/ledger-reader.ts'
import {
  createServices,
  type ServiceOptions,
  type Services,
} from '../../../electron/services/create-services.ts'
import { createErrorLog } from '../../../electron/services/error-log.ts'
import { makeTempDir } from '../../support/temp-dir.ts'
import { scriptedFiles, type ScriptedFiles } from '../../support/scripted-files.ts'
import { bindApi, pageEmitter } from './bind-api.ts'
import { serveRenderer } from './serve-renderer.ts'

const RENDERER_ROOT = resolve('out/renderer')
export const SCREENSHOT_DIR = resolve('test-results/screenshots')

interface Fixtures {
  /** Options a spec sets with `test.use({ serviceOptions })` on top of the harness's own (e.g. short timings). */
  serviceOptions: Partial<ServiceOptions>
  dataDir: string
  /** The file dialogs: which file "open" hands over, and where "save" wrote. */
  files: ScriptedFiles
  services: Services
  handlers: Handlers
  /** Errors that reached the generic INTERNAL path; a test fails if any are left unexpected. */
  internalErrors: unknown[]
  /** Pushes an event to the page, as main does after the ledger changes. */
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void
  /** The app opened in Chromium on the built renderer. */
  app: Page
}

export const test = base.extend<Fixtures>({
  serviceOptions: [{}, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  dataDir: async ({}, use) => {
    const tmp = makeTempDir('payout-desk-e2e-')
    await use(tmp.dir)
    tmp.cleanup()
  },
  files: async ({ dataDir }, use) => {
    await use(scriptedFiles(dataDir))
  },
  services: async ({ dataDir, emit, files, serviceOptions }, use) => {
    const desk = await deskServices(dataDir, emit, files, serviceOptions)
    await use(desk.services)
    await desk.close()
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  internalErrors: async ({}, use) => {
    const errors: unknown[] = []
    await use(errors)
  },
  emit: async ({ page }, use) => {
    await use(pageEmitter(() => page))
  },
  handlers: async ({ services, emit }, use) => {
    await use(createHandlers(services, emit))
  },
  app: async ({ page, handlers, internalErrors }, use) => {
    const window = await openWindow(page, handlers, internalErrors)
    await use(page)
    await window.close()
  },
})

/**
 * A desk's real services, built-in sandbox gateway included, with main's push events going to its page,
 * and the ledger's checkpoints on the worker main ships (the built one). A spec with two desks (a team)
 * opens the second with this and openWindow.
 */
export async function deskServices(
  dataDir: string,
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void,
  files: ScriptedFiles,
  options: Partial<ServiceOptions> = {},
): Promise<{ services: Services; close: () => Promise<void> }> {
  const checkpointErrors: unknown[] = []
  const services = await createServices({
    appVersion: '0.0.0-e2e',
    dataDir,
    checkpointWorker: resolve('out/main', `${CHECKPOINT_WORKER_ENTRY}.js`),
    // The heavy reads on the read worker main ships, as in the app.
    readWorker: resolve('out/main', `${READ_WORKER_ENTRY}.js`),
    sandbox: { settleAfterMs: 1_500 },
    pollIntervalMs: 300,
    files: files.port,
    errorLog: createErrorLog(dataDir),
    hooks: {
      onPayoutsChanged: (ids) => emit('payoutsChanged', { ids }),
      onConnectivity: (status) => emit('connectivityChanged', status),
      onBatchProgress: (progress) => emit('batchProgress', progress),
      onBatchFinished: (progress) => emit('batchProgress', progress),
      onError: (where, error) => {
        if (where === 'ledger checkpoints') checkpointErrors.push(error)
      },
    },
    ...options,
  })
  return {
    services,
    close: async () => {
      expect(checkpointErrors, 'the built checkpoint worker failed').toEqual([])
      expect(services.ledger.pragma('wal_autocheckpoint', { simple: true }), 'checkpoints off main').toBe(0)
      await services.close()
    },
  }
}

/** Opens the built renderer in `page` with `window.api` bound to this desk's handler table. */
export async function openWindow(
  page: Page,
  handlers: Handlers,
  internalErrors: unknown[],
): Promise<{ close: () => Promise<void> }> {
  if (!existsSync(resolve(RENDERER_ROOT, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` before the e2e tests (npm test does).')
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const server = await serveRenderer(RENDERER_ROOT)
  const pageErrors: Error[] = []
  page.on('pageerror', (error) => pageErrors.push(error))
  await bindApi(page, handlers, internalErrors)
  await page.goto(server.url)
  return {
    close: async () => {
      await server.close()
      expect(pageErrors, 'uncaught errors in the page').toEqual([])
    },
  }
}

/** Opens a screen from the main navigation, as a person would. */
export async function openScreen(app: Page, name: string): Promise<void> {
  await app.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name }).click()
}

export { expect }

/** Picks the window's language from the list in the header (a list: arrow keys alone change nothing). */
export async function switchLanguage(app: Page, label: 'English' | '简体中文'): Promise<void> {
  await app.getByTestId('language-switch').click()
  await app.getByRole('option', { name: label }).click()
  await expect(app.getByTestId('language-switch')).toHaveValue(label)
}
