import type { EventName } from '../../shared/ipc/channels.ts'
import type { EventPayloads } from '../../shared/ipc/contract.ts'
import { AppError } from '../errors.ts'
import { schemaVersion } from '../ledger/open-ledger.ts'
import { readSettings, saveLanguage, saveNotifications, savePollInterval } from '../ledger/settings-repo.ts'
import { historyHandlers } from './history-handlers.ts'
import { importHandlers } from './import-handlers.ts'
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'
import { payoutHandlers } from './payout-handlers.ts'
import { profileHandlers } from './profile-handlers.ts'
import { recipientHandlers } from './recipient-handlers.ts'
import { teamHandlers } from './team-handlers.ts'

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayloads[E]) => void

/** The one handler table: Electron registers it with ipcMain, the e2e harness binds it to Chromium. */
export function createHandlers(
  services: Services,
  emit: EmitEvent,
  log: (where: string, error: unknown) => void = () => undefined,
): Handlers {
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
    setNotifications: ({ enabled }) => {
      const settings = saveNotifications(ledger, enabled)
      emit('settingsChanged', settings)
      return settings
    },
    setPollInterval: ({ seconds }) => {
      const settings = savePollInterval(ledger, seconds)
      services.setPollInterval(seconds)
      emit('settingsChanged', settings)
      return settings
    },
    openLogFolder: async () => {
      if (!services.logFolder) throw new AppError('NOT_FOUND', { key: 'noLogFile' })
      await services.files.openFolder(services.logFolder)
      return { opened: true as const }
    },
    ...payoutHandlers(services, log),
    ...profileHandlers(services),
    ...importHandlers(services),
    ...historyHandlers(services),
    ...recipientHandlers(services, log),
    ...teamHandlers(services, log),
  }
}
