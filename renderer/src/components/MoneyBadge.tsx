import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/**
 * Test or real money, on every surface that shows a payout or a profile: real money in filled red, test
 * money outlined. Both say what they are (a real-money payout is marked, not recognised by a missing
 * test mark) and the badge never shrinks, so it is never cut to "TE…".
 */
export function MoneyBadge({
  environment,
  size = 'sm',
}: {
  environment: 'sandbox' | 'production'
  size?: 'xs' | 'sm' | 'md'
}) {
  const { t } = useTranslation()
  const real = environment === 'production'
  return (
    <Badge
      className="money-badge"
      size={size}
      color={real ? 'red' : 'gray'}
      variant={real ? 'filled' : 'outline'}
      data-money={real ? 'real' : 'test'}
    >
      {real ? t('profiles.productionBadge') : t('history.sandbox')}
    </Badge>
  )
}
