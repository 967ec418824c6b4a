import {
  Alert,
  Badge,
  Button,
  Center,
  Chip,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Money } from '../../components/Money.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { useNav } from '../../app/nav-store.ts'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import { useHistory } from './history-store.ts'

const FILTERABLE: PayoutStatus[] = [
  'processing',
  'unknown',
  'needs_review',
  'succeeded',
  'failed',
  'rejected',
]

function EmptyHistory() {
  const { t } = useTranslation()
  const go = useNav((s) => s.go)
  return (
    <Paper withBorder p="xl" radius="md" data-testid="history-empty">
      <Stack align="center" gap="sm" maw={560} mx="auto">
        <Title order={3}>{t('history.empty.title')}</Title>
        <Text c="dimmed" ta="center">
          {t('history.empty.body')}
        </Text>
        <Button onClick={() => go('newPayout')}>{t('history.empty.action')}</Button>
      </Stack>
    </Paper>
  )
}

export function HistoryPage() {
  const { t, i18n } = useTranslation()
  const {
    rows,
    nextCursor,
    loading,
    loaded,
    error,
    reload,
    loadMore,
    filters,
    setFilters,
    checkPending,
    checking,
    lastCheck,
  } = useHistory()
  const filtered = filters.statuses.length > 0 || filters.search.trim() !== ''
  useEffect(() => {
    void reload()
  }, [reload])

  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('history.title')}</Title>
        <Text c="dimmed">{t('history.subtitle')}</Text>
      </div>
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('history.search')}
            placeholder={t('history.searchHint')}
            value={filters.search}
            onChange={(e) => setFilters({ search: e.currentTarget.value })}
            w={280}
          />
          <Chip.Group multiple value={filters.statuses} onChange={(v) => setFilters({ statuses: v })}>
            <Group gap={6} aria-label={t('history.columns.status')}>
              {FILTERABLE.map((s) => (
                <Chip key={s} value={s} size="sm">
                  {t(`status.${s}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Group>
        <Group gap="xs">
          {lastCheck && (
            <Text size="sm" c="dimmed" data-testid="last-check">
              {t('history.checked', { checked: lastCheck.checked, unanswered: lastCheck.unanswered })}
            </Text>
          )}
          <Button variant="light" loading={checking} onClick={() => void checkPending()}>
            {t('history.checkPending')}
          </Button>
        </Group>
      </Group>
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
        <Text c="dimmed" data-testid="history-no-match">
          {t('history.noMatch')}
        </Text>
      )}
      {rows.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={900}>
            <Table stickyHeader striped highlightOnHover verticalSpacing="sm" data-testid="history-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('history.columns.created')}</Table.Th>
                  <Table.Th>{t('history.columns.reference')}</Table.Th>
                  <Table.Th>{t('history.columns.beneficiary')}</Table.Th>
                  <Table.Th>{t('history.columns.account')}</Table.Th>
                  <Table.Th>{t('history.columns.profile')}</Table.Th>
                  <Table.Th ta="right">{t('history.columns.amount')}</Table.Th>
                  <Table.Th>{t('history.columns.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>{dateTime.format(row.createdAt)}</Table.Td>
                    <Table.Td className="mono">{row.reference}</Table.Td>
                    <Table.Td>{row.beneficiaryName}</Table.Td>
                    <Table.Td className="mono">{row.accountNo}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {row.profileName}
                        {row.environment === 'sandbox' && (
                          <Badge size="xs" variant="outline" color="gray">
                            {t('history.sandbox')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Money minor={row.amountMinor} currency={row.currency} />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={row.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('history.shown', { count: rows.length })}
          </Text>
          {nextCursor && (
            <Button variant="default" loading={loading} onClick={() => void loadMore()}>
              {t('history.loadMore')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  )
}
