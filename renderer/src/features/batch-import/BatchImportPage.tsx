import { Alert, Stack, Stepper } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useProfiles } from '../profiles/profiles-store.ts'
import { ProfilePicker } from '../profiles/ProfilePicker.tsx'
import { useBatchImport, type ImportPhase } from './batch-import-store.ts'
import { ChooseStep } from './ChooseStep.tsx'
import { ReviewStep } from './ReviewStep.tsx'
import { SendStep } from './SendStep.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { HeldForRelease } from '../release/HeldForRelease.tsx'

const STEPS: ImportPhase[] = ['choose', 'review', 'sending', 'results']

export function BatchImportPage() {
  const { t } = useTranslation()
  const { profiles, load } = useProfiles()
  const { profileId, setProfile, phase, error } = useBatchImport()
  useEffect(() => {
    void load()
  }, [load])
  const profile = profiles.find((p) => p.id === profileId) ?? null

  return (
    <Stack gap="md">
      <PageHeader title={t('batch.title')} subtitle={t('batch.subtitle')} />
      <Stepper active={STEPS.indexOf(phase)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('batch.steps.choose')} />
        <Stepper.Step label={t('batch.steps.review')} />
        <Stepper.Step label={t('batch.steps.send')} />
        <Stepper.Step label={t('batch.steps.results')} />
      </Stepper>
      {phase === 'choose' && (
        <ProfilePicker profiles={profiles} value={profileId} onChange={setProfile} maw={420} />
      )}
      {error && (
        <Alert color="red" role="alert" title={t('batch.problem')}>
          {error}
        </Alert>
      )}
      <HeldForRelease />
      {phase === 'choose' && <ChooseStep />}
      {phase === 'review' && profile && <ReviewStep profile={profile} />}
      {(phase === 'sending' || phase === 'results') && <SendStep />}
    </Stack>
  )
}
