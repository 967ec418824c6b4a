import { Alert, AppShell, Badge, Group, NavLink, Text, Title, VisuallyHidden } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { AttentionPage } from '../features/attention/AttentionPage.tsx'
import { useAttention } from '../features/attention/attention-store.ts'
import { BatchImportPage } from '../features/batch-import/BatchImportPage.tsx'
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx'
import { HistoryPage } from '../features/history/HistoryPage.tsx'
import { NewPayoutPage } from '../features/new-payout/NewPayoutPage.tsx'
import { RecipientsPage } from '../features/recipients/RecipientsPage.tsx'
import { LanguagePicker } from '../features/settings/LanguagePicker.tsx'
import { SettingsPage } from '../features/settings/SettingsPage.tsx'
import { useConnectivity } from './connectivity-store.ts'
import { PAGES, useNav, type Page } from './nav-store.ts'

function CurrentPage({ page }: { page: Page }) {
  switch (page) {
    case 'dashboard':
      return <DashboardPage />
    case 'attention':
      return <AttentionPage />
    case 'history':
      return <HistoryPage />
    case 'recipients':
      return <RecipientsPage />
    case 'settings':
      return <SettingsPage />
    case 'newPayout':
      return <NewPayoutPage />
    case 'batchImport':
      return <BatchImportPage />
  }
}

// Screens added later keep their words in their own i18n section.
const NAV_LABELS: Partial<Record<Page, string>> = {
  attention: 'attention.nav',
  recipients: 'recipients.nav',
}

export function App() {
  const { t } = useTranslation()
  const { page, go } = useNav()
  const connectivity = useConnectivity()
  const waiting = useAttention((s) => s.count)
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Group gap="sm">
            <Title order={3}>{t('app.name')}</Title>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('app.tagline')}
            </Text>
          </Group>
          <LanguagePicker />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')}>
        {PAGES.map((p) => (
          <NavLink
            key={p}
            component="button"
            label={t(NAV_LABELS[p] ?? `nav.${p}`)}
            rightSection={
              p === 'attention' && waiting > 0 ? (
                <>
                  <Badge color="orange" aria-hidden data-testid="attention-count">
                    {waiting}
                  </Badge>
                  <VisuallyHidden>{t('attention.countLabel', { count: waiting })}</VisuallyHidden>
                </>
              ) : undefined
            }
            active={page === p}
            aria-current={page === p ? 'page' : undefined}
            onClick={() => go(p)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {!connectivity.online && (
          <Alert color="yellow" mb="md" title={t('offline.title')} data-testid="offline-banner">
            {t('offline.body')}
          </Alert>
        )}
        <CurrentPage page={page} />
      </AppShell.Main>
    </AppShell>
  )
}
