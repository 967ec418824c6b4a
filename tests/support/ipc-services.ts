import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach } from 'vitest'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import {
  createServices,
  type ServiceOptions,
  type Services,
} from '../../electron/services/create-services.ts'
import { ipcCaller } from './ipc-call.ts'
import { scriptedFiles, type ScriptedFiles } from './scripted-files.ts'
import { makeTempDir } from './temp-dir.ts'

/** The read worker the app runs, from its source (Node strips the types). */
export const READ_WORKER = fileURLToPath(new URL('../../electron/services/read-worker.ts', import.meta.url))

/**
 * Real services on a fresh data folder for every test, the window's handler table over them and scripted
 * file dialogs: registers the hooks and hands back the current test's parts (read them inside tests).
 */
type SuiteOptions = Partial<Omit<ServiceOptions, 'dataDir' | 'files'>>

export function ipcServicesSuite(options: SuiteOptions | (() => Promise<SuiteOptions>) = {}) {
  let tmp: ReturnType<typeof makeTempDir>
  let services: Services
  let handlers: Handlers
  let files: ScriptedFiles
  beforeEach(async () => {
    tmp = makeTempDir()
    files = scriptedFiles(tmp.dir)
    services = await createServices({
      appVersion: 't',
      poll: false,
      // The window's heavy reads on the read worker, as in the app.
      readWorker: READ_WORKER,
      ...(typeof options === 'function' ? await options() : options),
      dataDir: tmp.dir,
      files: files.port,
    })
    handlers = createHandlers(services, () => undefined)
  })
  afterEach(async () => {
    await services.close()
    tmp.cleanup()
  })
  return {
    ...ipcCaller(() => handlers),
    get services() {
      return services
    },
    get files() {
      return files
    },
  }
}
