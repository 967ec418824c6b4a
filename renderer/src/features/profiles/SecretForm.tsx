import { Alert, Button, Code, CopyButton, Group, PasswordInput, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import { useProfiles } from './profiles-store.ts'

/** Stores or replaces a profile's secret. What is typed goes to main once and is never shown back. */
export function SecretForm({ profile, onClose }: { profile: ProfileView; onClose: () => void }) {
  const { t } = useTranslation()
  const profileName = useProfileName()
  const { secrets, setSecret, deleteSecret, generateKey } = useProfiles()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [publicKey, setPublicKey] = useState<string | null>(null)
  const status = secrets[profile.id]
  const bluepay = profile.provider === 'bluepay'

  const store = async () => {
    setBusy(true)
    const problem = await setSecret(profile.id, value)
    setBusy(false)
    setValue('')
    setError(problem)
  }
  const generate = async () => {
    setBusy(true)
    const result = await generateKey(profile.id)
    setBusy(false)
    setPublicKey(result.publicKey)
    setError(result.error)
  }

  return (
    <AppModal
      opened
      onClose={onClose}
      title={t('secrets.title', { name: profileName(profile.name) })}
      size="lg"
    >
      <Stack gap="sm">
        <Text size="sm" data-testid="secret-status" role="status">
          {status?.stored ? t('secrets.stored', { fingerprint: status.fingerprint }) : t('secrets.none')}
        </Text>
        {bluepay ? (
          <Textarea
            data-autofocus
            label={t('secrets.privateKey')}
            description={t('secrets.privateKeyHelp')}
            autosize
            minRows={4}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
          />
        ) : (
          <PasswordInput
            data-autofocus
            label={t('secrets.appSecret')}
            description={t('secrets.appSecretHelp')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
          />
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {publicKey && (
          <Alert color="green" title={t('secrets.generated')}>
            <Stack gap="xs">
              <Text size="sm">{t('secrets.sendPublicKey')}</Text>
              <Code block data-testid="public-key">
                {publicKey}
              </Code>
              <CopyButton value={publicKey}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? t('common.copied') : t('secrets.copyPublicKey')}
                  </Button>
                )}
              </CopyButton>
            </Stack>
          </Alert>
        )}
        <Group justify="space-between">
          <Group gap="xs">
            {status?.stored && (
              <Button color="red" variant="subtle" onClick={() => void deleteSecret(profile.id)}>
                {t('secrets.delete')}
              </Button>
            )}
            {bluepay && (
              <Button variant="default" loading={busy} onClick={() => void generate()}>
                {t('secrets.generate')}
              </Button>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button disabled={value.trim() === ''} loading={busy} onClick={() => void store()}>
              {status?.stored ? t('secrets.replace') : t('secrets.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </AppModal>
  )
}
