import { BarChart } from '@mantine/charts'
import '@mantine/charts/styles.css'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { DashboardProfile } from '../../../../shared/ipc/history-contract.ts'
import { STATUS_COLORS } from '../../components/StatusBadge.tsx'

const SHOWN: PayoutStatus[] = ['succeeded', 'processing', 'unknown', 'needs_review', 'failed', 'rejected']

/** Thirty days of payouts as stacked bars, one colour per status (the same colours as the badges). */
export default function StatusChart({ days }: { days: DashboardProfile['days'] }) {
  const { t, i18n } = useTranslation()
  const label = new Intl.DateTimeFormat(i18n.language, { month: 'numeric', day: 'numeric' })
  const data = days.map((d) => ({
    day: label.format(d.day),
    ...Object.fromEntries(SHOWN.map((s) => [t(`status.${s}`), d.counts[s] ?? 0])),
  }))
  return (
    <BarChart
      h={180}
      data={data}
      dataKey="day"
      type="stacked"
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      series={SHOWN.map((s) => ({ name: t(`status.${s}`), color: `${STATUS_COLORS[s]}.6` }))}
      tickLine="none"
      gridAxis="y"
      // A labelled figure: a div may not carry a name without a role (axe's aria-prohibited-attr), and a
      // figure, unlike an image, keeps its legend readable.
      role="figure"
      aria-label={t('dashboard.chartLabel')}
    />
  )
}
