import { Badge, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../shared/domain/payout-status.ts'

// One colour per state, used on every screen, so a colour means the same thing everywhere.
export const STATUS_COLORS: Record<PayoutStatus, string> = {
  draft: 'gray',
  queued: 'gray',
  submitting: 'blue',
  processing: 'blue',
  succeeded: 'green',
  failed: 'red',
  rejected: 'orange',
  unknown: 'yellow',
  needs_review: 'grape',
  cancelled: 'gray',
}

export function StatusBadge({ status }: { status: PayoutStatus }) {
  const { t } = useTranslation()
  const badge = (
    <Badge color={STATUS_COLORS[status]} variant="light" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  )
  if (status !== 'unknown' && status !== 'needs_review') return badge
  return <Tooltip label={t(`statusHelp.${status}`)}>{badge}</Tooltip>
}
