import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/** Production in filled red, the sandbox as "test money": the same mark on every screen. */
export function EnvironmentBadge({ environment }: { environment: 'sandbox' | 'production' }) {
  const { t } = useTranslation()
  return environment === 'production' ? (
    <Badge color="red" variant="filled">
      {t('profiles.productionBadge')}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline">
      {t('history.sandbox')}
    </Badge>
  )
}
