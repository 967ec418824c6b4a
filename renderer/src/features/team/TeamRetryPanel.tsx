import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamBatchRetried, TeamBatchToRetry } from '../../../../shared/ipc/team-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { noteText } from '../../api/stored-text.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useTeam } from './team-store.ts'

/**
 * A team batch's Retry: the team's batches with payouts that did not go through, each paid again after
 * the gateway is asked about it, from a computer holding the profile's secret. What could not be paid
 * again is named with why.
 */
export function TeamRetryPanel() {
  const { t, i18n } = useTranslation()
  const connection = useTeam((s) => s.connection)
  const [batches, setBatches] = useState<TeamBatchToRetry[]>([])
  const [asking, setAsking] = useState<TeamBatchToRetry | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<TeamBatchRetried | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      setBatches(await unwrap(window.api.listTeamBatchesToRetry()))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [])
  useEffect(() => {
    if (!connection?.server) return
    const asked = setTimeout(() => void load(), 0)
    return () => clearTimeout(asked)
  }, [connection?.server, load])
  if (!connection?.server || (batches.length === 0 && !done && !error)) return null
  const money = (b: TeamBatchToRetry) => formatMoney(b.totalMinor, b.currency, i18n.language)
  const name = (b: TeamBatchToRetry) => b.fileName ?? b.batchId.slice(0, 8)
  const payAgain = async (b: TeamBatchToRetry) => {
    setAsking(null)
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      setDone(await unwrap(window.api.retryTeamBatch({ batchId: b.batchId, ids: b.ids })))
    } catch (e) {
      setError(errorMessage(e))
    }
    setBusy(false)
    await load()
  }
  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-retry">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('team.retryTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('team.retryHelp')}
        </Text>
        {batches.length > 0 && (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('team.columns.what')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.profile')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.count')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('team.columns.total')}
                </Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('team.columns.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batches.map((b) => (
                <Table.Tr key={b.batchId} data-retry-batch={b.batchId.slice(0, 8)}>
                  <Table.Td>{name(b)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {b.profile}
                      <MoneyBadge environment={b.environment} size="xs" />
                    </Group>
                  </Table.Td>
                  <Table.Td>{b.count}</Table.Td>
                  <Table.Td className="num money">{money(b)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="light"
                      loading={busy}
                      aria-label={t('team.retryOf', { batch: name(b) })}
                      onClick={() => setAsking(b)}
                    >
                      {t('team.retry')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {done && (
          <Alert color={done.left.length > 0 ? 'orange' : 'green'} role="status" data-testid="team-retried">
            <Stack gap={4}>
              <Text size="sm">{t('team.retried', { count: done.retried.length })}</Text>
              {done.left.map((l) => (
                <Text size="sm" key={l.reference}>
                  <span className="mono">{l.reference}</span>: {noteText(l.why)}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
      </Stack>
      <AppModal opened={asking !== null} onClose={() => setAsking(null)} title={t('team.retryConfirmTitle')}>
        {asking && (
          <Stack gap="sm">
            <Text data-testid="team-retry-summary">
              {t(asking.environment === 'production' ? 'team.retryConfirmReal' : 'team.retryConfirmTest', {
                count: asking.count,
                total: money(asking),
                batch: name(asking),
                profile: asking.profile,
              })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)} data-autofocus>
                {t('team.retryKeep')}
              </Button>
              <Button
                color={asking.environment === 'production' ? 'red' : undefined}
                onClick={() => void payAgain(asking)}
              >
                {t('team.retryConfirmButton', { count: asking.count })}
              </Button>
            </Group>
          </Stack>
        )}
      </AppModal>
    </Paper>
  )
}
