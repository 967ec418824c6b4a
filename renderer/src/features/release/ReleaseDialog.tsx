import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AwaitingRelease, Released } from '../../../../shared/ipc/recipients-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { EnvironmentBand } from '../../components/EnvironmentBand.tsx'
import { useProfiles } from '../profiles/profiles-store.ts'
import { useRelease } from './release-store.ts'
import { AppModal } from '../../components/AppModal.tsx'

/** Names what leaves — profile, count, total, test or real money — and asks for the owner's passphrase. */
interface Props {
  group: AwaitingRelease
  /** With what was released, or nothing when the person closed it. */
  onClose: (released?: Released) => void
}

export function ReleaseDialog({ group, onClose }: Props) {
  const { t, i18n } = useTranslation()
  const release = useRelease((s) => s.release)
  const profile = useProfiles((s) => s.profiles.find((p) => p.id === group.profileId) ?? null)
  useEffect(() => {
    void useProfiles.getState().load()
  }, [])
  const [passphrase, setPassphrase] = useState('')
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)
  const total = formatMoney(group.totalMinor, group.currency, i18n.language)
  const submit = async () => {
    setBusy(true)
    const outcome = await release(group, passphrase)
    // Whatever main said, the passphrase is not kept in the window.
    setPassphrase('')
    setBusy(false)
    if (outcome.ok) onClose(outcome.released)
    else setRefusal(outcome.message)
  }
  return (
    <AppModal opened onClose={() => onClose()} title={t('release.dialogTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (passphrase) void submit()
        }}
      >
        <Stack gap="sm">
          {profile && <EnvironmentBand profile={profile} />}
          <Text>{t('release.dialogCount', { count: group.count, profile: group.profileName })}</Text>
          <Text size="xl" fw={800} className="money" data-testid="release-total">
            {total}
          </Text>
          <Text size="sm" c="dimmed">
            {t('release.dialogHelp')}
          </Text>
          <PasswordInput
            label={t('release.passphrase')}
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.currentTarget.value)
              setRefusal(null)
            }}
            autoComplete="off"
            data-autofocus
            required
          />
          {refusal && (
            <Alert color="red" role="alert" data-testid="release-refused">
              {refusal}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose()}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={busy}
              disabled={passphrase === ''}
              color={group.environment === 'production' ? 'red' : undefined}
            >
              {t('release.confirm', { count: group.count })}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  )
}
