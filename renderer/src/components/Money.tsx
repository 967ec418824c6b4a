import { Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatMoney, type CurrencyCode } from '../../../shared/money.ts'

export function Money({ minor, currency }: { minor: number; currency: CurrencyCode }) {
  const { i18n } = useTranslation()
  return (
    <Text component="span" className="money">
      {formatMoney(minor, currency, i18n.language)}
    </Text>
  )
}
