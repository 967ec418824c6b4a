import { SimpleGrid, Skeleton, Text } from '@mantine/core'
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import type { DashboardProfile } from '../../../../shared/ipc/history-contract.ts'
import { Money } from '../../components/Money.tsx'
import { StatusCounts } from '../../components/StatusCounts.tsx'

// The charting library is large; it loads with the dashboard, not with the window.
const StatusChart = lazy(() => import('./StatusChart.tsx'))

/** A profile's today and this week (counts by status, what was paid) and its 30 days as a chart. */
export function PeriodFigures({
  p,
}: {
  p: Pick<DashboardProfile, 'today' | 'week' | 'paidTodayMinor' | 'paidWeekMinor' | 'currency' | 'days'>
}) {
  const { t } = useTranslation()
  return (
    <>
      <SimpleGrid cols={2}>
        {(
          [
            ['dashboard.today', p.today, p.paidTodayMinor],
            ['dashboard.week', p.week, p.paidWeekMinor],
          ] as const
        ).map(([label, counts, paid]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {t(label)}
            </Text>
            <StatusCounts counts={counts} />
            <Text size="sm" mt={4}>
              {t('dashboard.paid')} <Money minor={paid} currency={p.currency} />
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Suspense fallback={<Skeleton h={180} />}>
        <StatusChart days={p.days} />
      </Suspense>
    </>
  )
}
