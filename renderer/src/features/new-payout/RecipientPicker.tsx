import { Select } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import type { RecipientView } from '../../../../shared/ipc/recipients-contract.ts'
import { unwrap } from '../../api/call.ts'
import { useNewPayout } from './new-payout-store.ts'
import { recipientFields } from './recipient-fields.ts'

/** "Pay someone you paid before": type a name or an account, arrows and Enter pick, the form fills in. */
export function RecipientPicker({ profile }: { profile: ProfileView }) {
  const { t } = useTranslation()
  const [recipients, setRecipients] = useState<RecipientView[]>([])
  // Which recipient was picked, for this profile only: another profile starts with none picked.
  const [pick, setPick] = useState<{ profileId: string; id: string | null }>({
    profileId: profile.id,
    id: null,
  })
  const picked = pick.profileId === profile.id ? pick.id : null
  useEffect(() => {
    let live = true
    unwrap(window.api.listRecipients({ profileId: profile.id, includeArchived: false }))
      .then((list) => live && setRecipients(list))
      .catch(() => live && setRecipients([]))
    return () => {
      live = false
    }
  }, [profile.id])
  if (recipients.length === 0) return null
  return (
    <Select
      label={t('recipients.picker.label')}
      description={t('recipients.picker.help')}
      placeholder={t('recipients.picker.placeholder')}
      searchable
      clearable
      limit={50}
      nothingFoundMessage={t('recipients.picker.none')}
      value={picked}
      data={recipients.map((r) => ({ value: r.id, label: `${r.name} · ${r.account}` }))}
      onChange={(id) => {
        setPick({ profileId: profile.id, id })
        const r = recipients.find((x) => x.id === id)
        const form = useNewPayout.getState()
        if (r) form.prefill(profile.id, recipientFields(profile, r), form.amountText)
      }}
    />
  )
}
