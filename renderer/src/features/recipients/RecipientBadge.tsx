import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ImportRowView } from '../../../../shared/ipc/import-contract.ts'

const COLORS = { known: 'gray', new: 'blue', changed: 'orange' } as const

/** An import row's recipient mark: paid before, first payout to this account, or account changed. */
export function RecipientBadge({ recipient }: { recipient: ImportRowView['recipient'] }) {
  const { t } = useTranslation()
  if (!recipient) return null
  return (
    <Badge
      size="xs"
      variant="light"
      color={COLORS[recipient.kind]}
      data-testid="recipient-badge"
      data-kind={recipient.kind}
    >
      {t(`recipients.badge.${recipient.kind}`)}
    </Badge>
  )
}
