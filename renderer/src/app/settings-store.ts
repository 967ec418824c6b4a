import { create } from 'zustand'
import type { AppInfo, Language } from '../../../shared/ipc/contract.ts'
import { errorMessage, unwrap } from '../api/call.ts'
import { applyLanguage, osLanguage } from '../i18n/index.ts'

interface SettingsState {
  language: Language
  notifications: boolean
  appInfo: AppInfo | null
  error: string | null
  /** Reads what main has stored; called once before the first render. */
  load: () => Promise<void>
  setLanguage: (language: Language) => Promise<void>
  setNotifications: (enabled: boolean) => Promise<void>
}

export const useSettings = create<SettingsState>((set) => ({
  language: 'en',
  notifications: true,
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
        appInfo,
        error: null,
      })
    } catch (error) {
      set({ language: osLanguage(), error: errorMessage(error) })
    }
  },
  // The language is applied when main confirms it through settingsChanged, so every window agrees.
  setLanguage: async (language) => {
    try {
      await unwrap(window.api.setLanguage({ language }))
      set({ error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  setNotifications: async (enabled) => {
    try {
      await unwrap(window.api.setNotifications({ enabled }))
      set({ error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
}))

export function followSettingsEvents(): () => void {
  return window.api.onSettingsChanged((settings) => {
    const language = settings.language ?? osLanguage()
    useSettings.setState({ notifications: settings.notifications })
    void applyLanguage(language).then(() => useSettings.setState({ language }))
  })
}
