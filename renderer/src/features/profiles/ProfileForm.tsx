import {
  Alert,
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProviderId } from '../../../../shared/domain/providers.ts'
import { profileShownOf, type ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { useProfiles, type ProfileDraft } from './profiles-store.ts'

const AREAS: Record<ProviderId, string[]> = { vexora: ['ID', 'TH'], bluepay: ['TH'] }

/** What the form shows of a profile: this computer's own, or a team's (Settings → Team). */
export type EditedProfile = Pick<
  ProfileView,
  | 'id'
  | 'name'
  | 'provider'
  | 'area'
  | 'environment'
  | 'baseUrl'
  | 'merchantId'
  | 'notifyUrl'
  | 'hasGatewayPublicKey'
>

interface Props {
  opened: boolean
  profile: EditedProfile | null
  onClose: () => void
  /** Where it is saved; this computer's profiles when absent. Resolves to main's refusal, or null. */
  onSave?: (draft: ProfileDraft) => Promise<string | null>
  /** A new profile is saved with its secret (a team's: the ledger keeps only the secret's check). */
  secretWhenAdded?: boolean
}

export function ProfileForm({ opened, profile, onClose, onSave, secretWhenAdded = false }: Props) {
  const { t } = useTranslation()
  const saveHere = useProfiles((s) => s.save)
  const save = onSave ?? saveHere
  const [draft, setDraft] = useState<ProfileDraft>(() => ({
    id: profile?.id,
    name: profile?.name ?? '',
    provider: profile?.provider ?? 'vexora',
    area: profile?.area ?? 'ID',
    environment: profile?.environment ?? 'production',
    baseUrl: profile?.baseUrl ?? '',
    merchantId: profile?.merchantId ?? '',
    notifyUrl: profile?.notifyUrl ?? null,
    gatewayPublicKey: null,
  }))
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [secret, setSecret] = useState('')
  const problemRef = useRef<HTMLDivElement>(null)
  const patch = (p: Partial<ProfileDraft>) => setDraft((d) => ({ ...d, ...p }))
  // Main asks for the secret again when an edit points the profile at another account.
  const movesAccount =
    profile !== null &&
    (draft.baseUrl !== (profile.baseUrl ?? '') ||
      draft.merchantId !== profile.merchantId ||
      draft.environment !== profile.environment)
  const asksSecret = movesAccount || (profile === null && secretWhenAdded)

  const submit = async () => {
    setSaving(true)
    const problem = await save({
      ...draft,
      // What this form was opened with: main refuses the change if someone changed it since.
      ...(profile ? { shown: profileShownOf(profile) } : {}),
      gatewayPublicKey: draft.gatewayPublicKey?.trim() ? draft.gatewayPublicKey : null,
      ...(asksSecret && secret ? { secret } : {}),
    })
    setSaving(false)
    if (problem) {
      setError(problem)
      // Main's answer names the field; focus goes to it, so it is read out and fixed from there.
      requestAnimationFrame(() => problemRef.current?.focus())
    } else onClose()
  }

  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      title={profile ? t('profiles.edit') : t('profiles.add')}
      size="lg"
    >
      <Stack gap="sm">
        <TextInput
          data-autofocus
          label={t('profiles.name')}
          required
          value={draft.name}
          onChange={(e) => patch({ name: e.currentTarget.value })}
        />
        <Group grow>
          <Select
            label={t('profiles.gateway')}
            value={draft.provider}
            allowDeselect={false}
            data={[
              { value: 'vexora', label: 'Vexora' },
              { value: 'bluepay', label: 'BluePay Asia' },
            ]}
            onChange={(value) => {
              const provider = value ?? 'vexora'
              patch({ provider, area: AREAS[provider][0] ?? 'TH' })
            }}
          />
          <Select
            label={t('profiles.area')}
            value={draft.area}
            allowDeselect={false}
            data={AREAS[draft.provider].map((a) => ({ value: a, label: t(`areas.${a}`) }))}
            onChange={(value) => patch({ area: value ?? draft.area })}
          />
        </Group>
        <div role="group" aria-labelledby="profile-environment-label">
          <Text size="sm" fw={500} id="profile-environment-label">
            {t('profiles.environment')}
          </Text>
          <SegmentedControl
            value={draft.environment}
            onChange={(value) => patch({ environment: value })}
            data={[
              { value: 'production', label: t('profiles.production') },
              { value: 'sandbox', label: t('profiles.sandbox') },
            ]}
          />
        </div>
        <TextInput
          label={t('profiles.baseUrl')}
          description={t('profiles.baseUrlHelp')}
          required
          value={draft.baseUrl}
          onChange={(e) => patch({ baseUrl: e.currentTarget.value.trim() })}
        />
        <TextInput
          label={draft.provider === 'vexora' ? t('profiles.merchantNo') : t('profiles.appId')}
          required
          value={draft.merchantId}
          onChange={(e) => patch({ merchantId: e.currentTarget.value })}
        />
        <TextInput
          label={t('profiles.notifyUrl')}
          description={t('profiles.notifyUrlHelp')}
          value={draft.notifyUrl ?? ''}
          onChange={(e) => patch({ notifyUrl: e.currentTarget.value.trim() || null })}
        />
        {draft.provider === 'bluepay' && (
          <Textarea
            label={t('profiles.gatewayPublicKey')}
            description={
              profile?.hasGatewayPublicKey
                ? t('profiles.gatewayPublicKeyKept')
                : t('profiles.gatewayPublicKeyHelp')
            }
            autosize
            minRows={3}
            value={draft.gatewayPublicKey ?? ''}
            onChange={(e) => patch({ gatewayPublicKey: e.currentTarget.value })}
          />
        )}
        {asksSecret &&
          (draft.provider === 'bluepay' ? (
            <Textarea
              label={movesAccount ? t('profiles.secretAgain') : t('profiles.secretNew')}
              description={movesAccount ? t('profiles.secretAgainHelp') : t('profiles.secretNewHelp')}
              autosize
              minRows={3}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
            />
          ) : (
            <PasswordInput
              label={movesAccount ? t('profiles.secretAgain') : t('profiles.secretNew')}
              description={movesAccount ? t('profiles.secretAgainHelp') : t('profiles.secretNewHelp')}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
            />
          ))}
        {error && (
          <Alert color="red" role="alert" ref={problemRef} tabIndex={-1} data-focus-target>
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={saving} onClick={() => void submit()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  )
}
