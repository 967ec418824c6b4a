import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { throttled } from '../../api/throttled.ts'
import { useNav } from '../../app/nav-store.ts'
import { HistoryFiltersBar } from './HistoryFiltersBar.tsx'
import { NO_FILTERS, useHistory } from './history-store.ts'
import { HistoryTable } from './HistoryTable.tsx'
import { PayoutDrawer } from './PayoutDrawer.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { TeamHistoryPanel } from '../team/TeamHistoryPanel.tsx'

function EmptyHistory() {
  const { t } = useTranslation()
  const go = useNav((s) => s.go)
  return (
    <Paper withBorder p="xl" radius="md" data-testid="history-empty">
      <Stack align="center" gap="sm" maw={560} mx="auto">
        <Title order={2}>{t('history.empty.title')}</Title>
        <Text c="dimmed" ta="center">
          {t('history.empty.body')}
        </Text>
        <Button onClick={() => go('newPayout')}>{t('history.empty.action')}</Button>
      </Stack>
    </Paper>
  )
}

export function HistoryPage() {
  const { t } = useTranslation()
  const h = useHistory()
  const { rows, loading, loaded, error, reload, filters, selected } = h
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS)
  useEffect(() => {
    void reload()
    // While shown, the table follows main's pushes, gathered into at most two reloads a second.
    return window.api.onPayoutsChanged(throttled(() => void reload()))
  }, [reload])

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <PageHeader title={t('history.title')} subtitle={t('history.subtitle')} />
        <Group gap="xs">
          {h.lastCheck && (
            <Text size="sm" c="dimmed" data-testid="last-check" role="status">
              {t('history.checked', { checked: h.lastCheck.checked, unanswered: h.lastCheck.unanswered })}
            </Text>
          )}
          {selected.size > 0 && (
            <Button variant="light" loading={h.checking} onClick={() => void h.checkSelected()}>
              {t('history.checkSelected', { count: selected.size })}
            </Button>
          )}
          <Button variant="light" loading={h.checking} onClick={() => void h.checkPending()}>
            {t('history.checkPending')}
          </Button>
          <Button variant="default" onClick={() => void h.exportView()} disabled={rows.length === 0}>
            {t('history.export')}
          </Button>
        </Group>
      </Group>
      <TeamHistoryPanel />
      <HistoryFiltersBar />
      {h.exported && (
        <Alert
          color="green"
          withCloseButton
          closeButtonLabel={t('common.dismiss')}
          onClose={() => useHistory.setState({ exported: null })}
          data-testid="export-notice"
          role="status"
        >
          {t('history.exported', { count: h.exported.count, path: h.exported.path })}
        </Alert>
      )}
      {error && (
        <Alert color="red" title={t('history.loadFailed')} role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{error}</Text>
            <Button size="xs" variant="light" onClick={() => void reload()}>
              {t('history.retry')}
            </Button>
          </Stack>
        </Alert>
      )}
      {!loaded && loading && (
        <Center p="xl">
          <Loader aria-label={t('history.loading')} />
        </Center>
      )}
      {loaded && rows.length === 0 && !error && !filtered && <EmptyHistory />}
      {loaded && rows.length === 0 && !error && filtered && (
        <Text c="dimmed" data-testid="history-no-match" role="status">
          {t('history.noMatch')}
        </Text>
      )}
      {rows.length > 0 && <HistoryTable />}
      {rows.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="history-shown" role="status">
          {t(h.nextCursor ? 'history.shownMore' : 'history.shown', { count: rows.length })}
        </Text>
      )}
      <PayoutDrawer />
    </Stack>
  )
}
