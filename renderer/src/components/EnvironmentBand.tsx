import { Paper, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../shared/ipc/profiles-contract.ts'
import { useProfileName } from './profile-name.ts'

/** The coloured line every confirmation starts with: real money is red, test money is grey (per scheme). */
export function EnvironmentBand({ profile }: { profile: Pick<ProfileView, 'name' | 'environment'> }) {
  const { t } = useTranslation()
  const name = useProfileName()(profile.name)
  const production = profile.environment === 'production'
  return (
    <Paper p="sm" radius="sm" className="money-band" data-money={production ? 'real' : 'test'}>
      <Text fw={600} inherit>
        {production ? t('newPayout.realMoney', { name }) : t('newPayout.testMoney', { name })}
      </Text>
    </Paper>
  )
}
