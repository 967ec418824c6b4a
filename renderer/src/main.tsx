import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import './app.css'
import { MantineProvider } from '@mantine/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.tsx'
import { followConnectivity } from './app/connectivity-store.ts'
import { followSettingsEvents, useSettings } from './app/settings-store.ts'
import { followAttentionEvents } from './features/attention/attention-store.ts'
import { followBatchEvents } from './features/batch-import/batch-import-store.ts'
import { followNewPayoutEvents } from './features/new-payout/new-payout-store.ts'
import { initI18n } from './i18n/index.ts'
import { cssVariablesResolver, theme } from './theme.ts'

async function boot(): Promise<void> {
  await useSettings.getState().load()
  await initI18n(useSettings.getState().language)
  followSettingsEvents()
  followBatchEvents()
  followNewPayoutEvents()
  followAttentionEvents()
  followConnectivity()
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root element')
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
        <App />
      </MantineProvider>
    </StrictMode>,
  )
}

void boot()
