import { Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../shared/domain/payout-status.ts'
import { StatusBadge } from './StatusBadge.tsx'

/** "Succeeded 498 · Failed 2": counts by status in the same badges as everywhere else. */
export function StatusCounts({ counts }: { counts: Partial<Record<PayoutStatus, number>> }) {
  const { t } = useTranslation()
  const entries = Object.entries(counts) as [PayoutStatus, number][]
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('dashboard.none')}
      </Text>
    )
  return (
    <Group gap="xs">
      {entries.map(([status, n]) => (
        <Group key={status} gap={4} data-testid={`count-${status}`}>
          <StatusBadge status={status} />
          <Text size="sm" fw={600}>
            {n}
          </Text>
        </Group>
      ))}
    </Group>
  )
}
