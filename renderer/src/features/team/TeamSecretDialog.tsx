import { Alert, Button, Group, PasswordInput, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamProfileView } from '../../../../shared/ipc/team-contract.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { useTeam } from './team-store.ts'

/** Keeps a team profile's gateway secret in this computer's keychain; it never goes to the team ledger. */
export function TeamSecretDialog({
  profile,
  onClose,
}: {
  profile: TeamProfileView
  onClose: (notice?: { ok: boolean; text: string }) => void
}) {
  const { t } = useTranslation()
  const keepSecret = useTeam((s) => s.keepSecret)
  const [secret, setSecret] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  // The owner's secret differs from the one the team sends with: a typo, or the gateway's new secret.
  const [replaceAsked, setReplaceAsked] = useState(false)
  const submit = async (replace = false) => {
    setBusy(true)
    const result = await keepSecret(profile.id, secret, replace)
    setBusy(false)
    if (!result.ok) {
      setReplaceAsked(result.replaceAsked)
      return setProblem(result.message)
    }
    setSecret('')
    onClose({ ok: true, text: t(`team.secretKept.${result.kept.check}`, { profile: profile.name }) })
  }
  const field = {
    label: t('team.secretLabel'),
    value: secret,
    onChange: (e: { currentTarget: { value: string } }) => {
      setSecret(e.currentTarget.value)
      // Another secret typed: the question was about the one before.
      setReplaceAsked(false)
    },
    autoComplete: 'off',
    'data-autofocus': true,
    required: true,
  }
  return (
    <AppModal opened onClose={() => onClose()} title={t('team.secretTitle', { profile: profile.name })}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (secret) void submit()
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('team.secretHelp')}</Text>
          {profile.provider === 'bluepay' ? (
            // BluePay's is a private key of many lines (PEM): a one-line field would cut it.
            <Textarea {...field} autosize minRows={4} />
          ) : (
            <PasswordInput {...field} />
          )}
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose()}>
              {t('common.cancel')}
            </Button>
            {replaceAsked ? (
              <Button color="red" loading={busy} onClick={() => void submit(true)}>
                {t('team.replaceSecret')}
              </Button>
            ) : (
              <Button type="submit" loading={busy}>
                {t('team.keepSecretConfirm')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </AppModal>
  )
}
