import { Paper, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../shared/ipc/profiles-contract.ts'

/** The coloured line every confirmation starts with: real money is red, test money is grey. */
export function EnvironmentBand({ profile }: { profile: ProfileView }) {
  const { t } = useTranslation()
  const production = profile.environment === 'production'
  return (
    <Paper p="sm" radius="sm" bg={production ? 'red.1' : 'gray.1'}>
      <Text fw={600} c={production ? 'red.8' : 'gray.8'}>
        {production
          ? t('newPayout.realMoney', { name: profile.name })
          : t('newPayout.testMoney', { name: profile.name })}
      </Text>
    </Paper>
  )
}
