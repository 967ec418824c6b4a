import { Alert, Button, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../../../shared/money.ts'
import { useNav } from '../../app/nav-store.ts'
import { useBatchImport } from './batch-import-store.ts'

/**
 * Says what became of a file written to the team ledger: nothing was sent from here. What is ready goes
 * with a desk holding the profile's secret; what went over a limit waits for an owner.
 */
export function TeamWritten() {
  const { t, i18n } = useTranslation()
  const written = useBatchImport((s) => s.teamWritten)
  const go = useNav((s) => s.go)
  if (!written) return null
  const money = (minor: number) => formatMoney(minor, written.currency, i18n.language)
  const of = (status: string) => written.statuses.find((s) => s.status === status)
  const ready = of('queued')
  const waiting = of('awaiting_approval')
  return (
    <Alert color="green" role="status" title={t('batch.teamWrittenTitle')} data-testid="team-written">
      <Stack gap="xs" align="flex-start">
        {ready && (
          <Text size="sm">
            {t('batch.teamWrittenReady', { count: ready.count, total: money(ready.totalMinor) })}
          </Text>
        )}
        {waiting && (
          <Text size="sm">
            {t('batch.teamWrittenWaiting', { count: waiting.count, total: money(waiting.totalMinor) })}
          </Text>
        )}
        <Button size="xs" variant="light" onClick={() => go('attention')}>
          {t('batch.toTeam')}
        </Button>
      </Stack>
    </Alert>
  )
}
