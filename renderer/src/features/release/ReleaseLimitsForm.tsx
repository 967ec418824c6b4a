import {
  Alert,
  Button,
  Group,
  Loader,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import type { ReleaseLimitsView } from '../../../../shared/ipc/recipients-contract.ts'
import { minorToDecimalString } from '../../../../shared/money.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { LimitAmountFields } from '../../components/LimitAmountFields.tsx'

const asText = (minor: number | null, limits: ReleaseLimitsView) =>
  minor === null ? '' : minorToDecimalString(minor, limits.currency)

/**
 * A profile's release limits and the owner's release passphrase. Passphrases live only in this form's
 * fields and are emptied after every call; main keeps a slow hash and never sends anything back.
 */
export function ReleaseLimitsForm({ profile, onClose }: { profile: ProfileView; onClose: () => void }) {
  const { t } = useTranslation()
  const [limits, setLimits] = useState<ReleaseLimitsView | null>(null)
  const [perPayout, setPerPayout] = useState('')
  const [perDay, setPerDay] = useState('')
  const [timeZone, setTimeZone] = useState('')
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const show = (view: ReleaseLimitsView) => {
    setLimits(view)
    setPerPayout(asText(view.perPayoutMinor, view))
    setPerDay(asText(view.perDayMinor, view))
    setTimeZone(view.timeZone)
  }
  useEffect(() => {
    unwrap(window.api.getReleaseLimits({ profileId: profile.id }))
      .then(show)
      .catch((e: unknown) => setProblem(errorMessage(e)))
  }, [profile.id])

  const needsNew =
    limits !== null && !limits.hasPassphrase && (perPayout.trim() !== '' || perDay.trim() !== '')
  const mismatch = next !== '' && repeat !== '' && next !== repeat
  const tooShort = next !== '' && next.length < 8
  const ready =
    limits !== null &&
    (!limits.hasPassphrase || current !== '') &&
    (!needsNew || next !== '') &&
    next === repeat &&
    !tooShort

  const submit = async () => {
    if (!limits || !ready) return
    setBusy(true)
    try {
      show(
        await unwrap(
          window.api.setReleaseLimits({
            profileId: profile.id,
            perPayout,
            perDay,
            ...(timeZone.trim() && timeZone.trim() !== limits.timeZone ? { timeZone: timeZone.trim() } : {}),
            ...(limits.hasPassphrase ? { currentPassphrase: current } : {}),
            ...(next ? { newPassphrase: next } : {}),
          }),
        ),
      )
      setProblem(null)
      onClose()
    } catch (error) {
      setProblem(errorMessage(error))
    } finally {
      setCurrent('')
      setNext('')
      setRepeat('')
      setBusy(false)
    }
  }

  return (
    <AppModal opened onClose={onClose} title={t('release.limitsTitle', { profile: profile.name })} size="lg">
      {!limits && !problem && <Loader />}
      {limits && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('release.limitsHelp')}
            </Text>
            <LimitAmountFields
              labels={{
                perPayout: t('release.perPayout', { currency: limits.currency }),
                perDay: t('release.perDay', { currency: limits.currency }),
              }}
              description={t('release.noLimitHelp')}
              perPayout={perPayout}
              perDay={perDay}
              onPerPayout={setPerPayout}
              onPerDay={setPerDay}
            />
            <TextInput
              label={t('release.timeZone')}
              description={t('release.timeZoneHelp')}
              value={timeZone}
              onChange={(e) => setTimeZone(e.currentTarget.value)}
              data-testid="limits-time-zone"
            />
            {limits.changedOutside && (
              <Alert color="red" role="alert" data-testid="limits-changed-outside">
                {t('release.changedOutside')}
              </Alert>
            )}
            {limits.hasPassphrase && (
              <PasswordInput
                label={t('release.currentPassphrase')}
                description={t('release.currentPassphraseHelp')}
                value={current}
                onChange={(e) => setCurrent(e.currentTarget.value)}
                autoComplete="off"
                required
              />
            )}
            <SimpleGrid cols={2}>
              <PasswordInput
                label={limits.hasPassphrase ? t('release.changePassphrase') : t('release.newPassphrase')}
                value={next}
                onChange={(e) => setNext(e.currentTarget.value)}
                error={tooShort ? t('release.passphraseShort') : null}
                autoComplete="new-password"
                required={needsNew}
              />
              <PasswordInput
                label={t('release.repeatPassphrase')}
                value={repeat}
                onChange={(e) => setRepeat(e.currentTarget.value)}
                error={mismatch ? t('release.passphraseMismatch') : null}
                autoComplete="new-password"
                required={needsNew}
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('release.passphraseRule')}
            </Text>
            {needsNew && next === '' && (
              <Text size="sm" c="dimmed">
                {t('release.needsPassphrase')}
              </Text>
            )}
            {problem && (
              <Alert color="red" role="alert" data-testid="limits-problem">
                {problem}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} disabled={!ready}>
                {t('release.saveLimits')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {!limits && problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
    </AppModal>
  )
}
