import { create } from 'zustand'
import type { AppInfo, Language, Settings } from '../../../shared/ipc/contract.ts'
import type { IpcResult } from '../../../shared/ipc/result.ts'
import { errorMessage, unwrap } from '../api/call.ts'
import { applyLanguage, osLanguage } from '../i18n/index.ts'

interface SettingsState {
  language: Language
  notifications: boolean
  pollIntervalSeconds: number
  appInfo: AppInfo | null
  error: string | null
  /** Reads what main has stored; called once before the first render. */
  load: () => Promise<void>
  setLanguage: (language: Language) => Promise<void>
  setNotifications: (enabled: boolean) => Promise<void>
  setPollInterval: (seconds: number) => Promise<void>
}

export const useSettings = create<SettingsState>((set) => {
  // A change is shown when main confirms it through settingsChanged; here only its failure is kept.
  const save = async (request: Promise<IpcResult<Settings>>) => {
    try {
      await unwrap(request)
      set({ error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  }
  return {
    language: 'en',
    notifications: true,
    pollIntervalSeconds: 10,
    appInfo: null,
    error: null,
    // Never throws: if main cannot answer, the window still opens (in the OS language) and says why.
    load: async () => {
      try {
        const [settings, appInfo] = await Promise.all([
          unwrap(window.api.getSettings()),
          unwrap(window.api.getAppInfo()),
        ])
        set({
          language: settings.language ?? osLanguage(),
          notifications: settings.notifications,
          pollIntervalSeconds: settings.pollIntervalSeconds,
          appInfo,
          error: null,
        })
      } catch (error) {
        set({ language: osLanguage(), error: errorMessage(error) })
      }
    },
    // The language is applied when main confirms it through settingsChanged, so every window agrees.
    setLanguage: (language) => save(window.api.setLanguage({ language })),
    setNotifications: (enabled) => save(window.api.setNotifications({ enabled })),
    setPollInterval: (seconds) => save(window.api.setPollInterval({ seconds })),
  }
})

export function followSettingsEvents(): () => void {
  return window.api.onSettingsChanged((settings) => {
    const language = settings.language ?? osLanguage()
    useSettings.setState({
      notifications: settings.notifications,
      pollIntervalSeconds: settings.pollIntervalSeconds,
    })
    void applyLanguage(language).then(() => useSettings.setState({ language }))
  })
}
