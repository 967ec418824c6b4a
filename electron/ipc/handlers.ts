import type { EventName } from '../../shared/ipc/channels.ts'
import type { EventPayloads } from '../../shared/ipc/contract.ts'
import { schemaVersion } from '../ledger/open-ledger.ts'
import { listPayouts } from '../ledger/payouts-repo.ts'
import { readSettings, saveLanguage } from '../ledger/settings-repo.ts'
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayloads[E]) => void

/** The one handler table: Electron registers it with ipcMain, the e2e harness binds it to Chromium. */
export function createHandlers(services: Services, emit: EmitEvent): Handlers {
  const { ledger } = services
  return {
    getAppInfo: () => ({
      version: services.appVersion,
      dataDir: services.dataDir,
      ledgerSchemaVersion: schemaVersion(ledger),
    }),
    getSettings: () => readSettings(ledger),
    setLanguage: ({ language }) => {
      const settings = saveLanguage(ledger, language)
      emit('settingsChanged', settings)
      return settings
    },
    listPayouts: (query) => listPayouts(ledger, query),
  }
}
