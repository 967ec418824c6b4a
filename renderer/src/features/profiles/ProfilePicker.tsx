import { Select } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { useProfileName } from '../../components/profile-name.ts'

/** A profile of this desk's ledger, or of the team's (which has no built-in sandbox). */
type Pickable = Pick<ProfileView, 'id' | 'name' | 'environment'> &
  Partial<Pick<ProfileView, 'builtin' | 'provider'>>

interface Props {
  profiles: Pickable[]
  value: string | null
  onChange: (profileId: string | null) => void
  maw?: number
  disabled?: boolean
}

/**
 * "Pay from": production profiles say so in their name. With nothing chosen yet it picks the built-in
 * Vexora sandbox, so a first try spends test money.
 */
export function ProfilePicker({ profiles, value, onChange, maw, disabled }: Props) {
  const { t } = useTranslation()
  const profileName = useProfileName()
  useEffect(() => {
    if (!value && profiles.length > 0)
      onChange((profiles.find((p) => p.builtin && p.provider === 'vexora') ?? profiles[0])?.id ?? null)
  }, [profiles, value, onChange])
  return (
    <Select
      label={t('newPayout.profile')}
      value={value}
      allowDeselect={false}
      data={profiles.map((p) => ({
        value: p.id,
        label: `${profileName(p.name)}${p.environment === 'production' ? ` — ${t('profiles.productionBadge')}` : ''}`,
      }))}
      onChange={onChange}
      maw={maw}
      disabled={disabled}
    />
  )
}
