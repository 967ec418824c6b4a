import { noteText, storedText } from '../../api/stored-text.ts'
import { Alert, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { RETRYABLE_STATUSES } from '../../../../shared/domain/payout-status.ts'
import { LiveStatus } from '../../components/LiveStatus.tsx'
import { Money } from '../../components/Money.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { StatusCounts } from '../../components/StatusCounts.tsx'
import { useBatchImport } from './batch-import-store.ts'

export function SendStep() {
  const { t } = useTranslation()
  const s = useBatchImport()
  const { progress, phase, batch, results } = s
  const total = progress?.total ?? 0
  const done = progress?.done ?? 0
  // Retries go to a batch of their own, so everything failed here is what main will retry. Counted from
  // the batch's totals: the results table holds at most its first 500 rows.
  const retryable = RETRYABLE_STATUSES.reduce((n, status) => n + (batch?.byStatus[status] ?? 0), 0)
  const stateText =
    phase === 'sending'
      ? t(progress?.state === 'paused' ? 'batch.paused' : 'batch.sending')
      : t(progress?.state === 'cancelled' ? 'batch.cancelled' : 'batch.finished')
  // Read out when the batch changes state, not on every payout: "Finished sending. 4 of 4 sent".
  const announced = phase === 'results' ? `${stateText} ${t('batch.progress', { done, total })}` : stateText

  return (
    <Stack gap="md">
      {s.retryLeft.length > 0 && (
        <Alert
          color="orange"
          data-testid="retry-left"
          title={t('batch.retryLeft', { count: s.retryLeft.length })}
        >
          <Stack gap={4}>
            {s.retryLeft.map((l) => (
              <Text size="sm" key={l.reference}>
                <span className="mono">{l.reference}</span>: {noteText(l.why)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md" data-testid="batch-progress">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>{stateText}</Text>
            <LiveStatus testId="batch-live">{announced}</LiveStatus>
            <Text size="sm" data-testid="progress-count">
              {t('batch.progress', { done, total })}
            </Text>
          </Group>
          <Progress
            value={total ? (done / total) * 100 : 0}
            size="lg"
            animated={progress?.state === 'sending'}
            aria-label={t('batch.progressLabel')}
          />
          {/* Once sent, the results below show where each payout ended; these counts were only the way there. */}
          {progress && phase === 'sending' && <StatusCounts counts={progress.byStatus} />}
          {phase === 'sending' && (
            <Group>
              {progress?.state === 'paused' ? (
                <Button onClick={() => void s.resume()} loading={s.busy}>
                  {t('batch.resume')}
                </Button>
              ) : (
                <Button variant="default" onClick={() => void s.pause()} loading={s.busy}>
                  {t('batch.pause')}
                </Button>
              )}
              <Button variant="subtle" color="red" onClick={() => void s.cancel()} disabled={s.busy}>
                {t('batch.cancel')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('batch.pauseHelp')}
              </Text>
            </Group>
          )}
        </Stack>
      </Paper>
      {phase === 'results' && batch && (
        <Paper withBorder p="lg" radius="md" data-testid="batch-results">
          <Stack gap="sm">
            <Group justify="space-between">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600}>{batch.fileName}</Text>
                  {results[0] && <MoneyBadge environment={results[0].environment} />}
                </Group>
                <StatusCounts counts={batch.byStatus} />
              </Stack>
              <Group>
                <Button variant="default" onClick={() => void s.checkStatuses()} loading={s.busy}>
                  {t('batch.checkStatuses')}
                </Button>
                <Button variant="default" onClick={() => void s.exportResults()} disabled={s.busy}>
                  {t('batch.exportResults')}
                </Button>
                {retryable > 0 && (
                  <Button color="orange" onClick={() => void s.retryFailed()} disabled={s.busy}>
                    {t('batch.retryFailed', { count: retryable })}
                  </Button>
                )}
                <Button variant="light" onClick={() => void s.startOver()}>
                  {t('batch.another')}
                </Button>
              </Group>
            </Group>
            {s.notice && (
              <Alert color="green" data-testid="file-notice" role="status">
                {t(`batch.${s.notice.key}`, { path: s.notice.path, count: s.notice.count })}
              </Alert>
            )}
            <Table.ScrollContainer minWidth={700} mah={480}>
              <Table stickyHeader striped verticalSpacing="xs" data-testid="results-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('history.columns.reference')}</Table.Th>
                    <Table.Th>{t('history.columns.beneficiary')}</Table.Th>
                    <Table.Th>{t('history.columns.account')}</Table.Th>
                    <Table.Th ta="right">{t('history.columns.amount')}</Table.Th>
                    <Table.Th>{t('history.columns.status')}</Table.Th>
                    <Table.Th>{t('batch.columns.why')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {results.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td className="mono">{r.reference}</Table.Td>
                      <Table.Td>{r.beneficiaryName}</Table.Td>
                      <Table.Td className="mono">{r.accountNo}</Table.Td>
                      <Table.Td ta="right">
                        <Money minor={r.amountMinor} currency={r.currency} />
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {r.gatewayMessage ?? (r.lastError && storedText(r.lastError)) ?? ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Paper>
      )}
    </Stack>
  )
}
