import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamProfileView } from '../../../../shared/ipc/team-contract.ts'
import { minorToDecimalString } from '../../../../shared/money.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { LimitAmountFields } from '../../components/LimitAmountFields.tsx'
import { useTeam } from './team-store.ts'

const asText = (minor: number | null, profile: TeamProfileView) =>
  minor === null ? '' : minorToDecimalString(minor, profile.currency)

/**
 * A team profile's limits, an owner's: over them a payout waits for an owner's approval. No passphrase:
 * the owner's own login is the say-so, and the team ledger logs who changed them from what.
 */
export function TeamLimitsForm({ profile, onClose }: { profile: TeamProfileView; onClose: () => void }) {
  const { t } = useTranslation()
  const setLimits = useTeam((s) => s.setLimits)
  const [perPayout, setPerPayout] = useState(asText(profile.perPayoutMinor, profile))
  const [perDay, setPerDay] = useState(asText(profile.perDayMinor, profile))
  const [timeZone, setTimeZone] = useState(profile.timeZone)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    setBusy(true)
    const refused = await setLimits(profile, perPayout, perDay, timeZone)
    setBusy(false)
    if (refused) setProblem(refused)
    else onClose()
  }

  return (
    <AppModal opened onClose={onClose} title={t('team.profiles.limitsFor', { profile: profile.name })}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('team.profiles.limitsHelp')}
          </Text>
          <LimitAmountFields
            autoFocus
            labels={{
              perPayout: t('team.profiles.perPayout', { currency: profile.currency }),
              perDay: t('team.profiles.perDay', { currency: profile.currency }),
            }}
            perPayout={perPayout}
            perDay={perDay}
            onPerPayout={setPerPayout}
            onPerDay={setPerDay}
          />
          <TextInput
            label={t('team.profiles.timeZone')}
            description={t('team.profiles.timeZoneHelp')}
            value={timeZone}
            onChange={(e) => setTimeZone(e.currentTarget.value)}
            required
          />
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  )
}
