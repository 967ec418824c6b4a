import { Alert, Stack, Stepper, Title } from '@mantine/core'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useProfiles } from '../profiles/profiles-store.ts'
import { ProfilePicker } from '../profiles/ProfilePicker.tsx'
import { useBatchImport, type ImportPhase } from './batch-import-store.ts'
import { ChooseStep } from './ChooseStep.tsx'
import { ReviewStep } from './ReviewStep.tsx'
import { SendStep } from './SendStep.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { WriteToLedger } from '../../components/WriteToLedger.tsx'
import { HeldForRelease } from '../release/HeldForRelease.tsx'
import { useTeam } from '../team/team-store.ts'
import { TeamWritten } from './TeamWritten.tsx'

const STEPS: ImportPhase[] = ['choose', 'review', 'sending', 'results']
const STEP_KEYS: Record<ImportPhase, string> = {
  choose: 'choose',
  review: 'review',
  sending: 'send',
  results: 'results',
}

export function BatchImportPage() {
  const { t } = useTranslation()
  const { profiles, load } = useProfiles()
  const { ledger, setLedger, profileId, setProfile, phase, error, view, busy } = useBatchImport()
  const {
    connection,
    loadConnection,
    profiles: teamProfiles,
    loadProfiles: loadTeamProfiles,
    error: teamError,
  } = useTeam()
  useEffect(() => {
    void load()
    void loadConnection()
  }, [load, loadConnection])
  // The team ledger is a choice once this desk is connected to one; forgotten, it is this desk's again.
  const teamOn = Boolean(connection?.server)
  useEffect(() => {
    if (!teamOn) setLedger('desk')
    else if (ledger === 'team') void loadTeamProfiles()
  }, [teamOn, ledger, setLedger, loadTeamProfiles])
  const choices = ledger === 'team' ? teamProfiles : profiles
  // Each step replaces the one before: its heading takes focus, so the screen reader says where we are
  // and Tab goes on from there. Not on opening the screen (its h1 has focus then).
  const stepHeading = useRef<HTMLHeadingElement>(null)
  const shownPhase = useRef(phase)
  useEffect(() => {
    if (shownPhase.current === phase) return
    shownPhase.current = phase
    stepHeading.current?.focus()
  }, [phase])

  return (
    <Stack gap="md">
      <PageHeader title={t('batch.title')} subtitle={t('batch.subtitle')} />
      <Stepper active={STEPS.indexOf(phase)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('batch.steps.choose')} />
        <Stepper.Step label={t('batch.steps.review')} />
        <Stepper.Step label={t('batch.steps.send')} />
        <Stepper.Step label={t('batch.steps.results')} />
      </Stepper>
      <Title order={2} ref={stepHeading} tabIndex={-1} data-testid="step-heading">
        {t(`batch.steps.${STEP_KEYS[phase]}`)}
      </Title>
      {phase === 'choose' && teamOn && (
        // Not while a file is read: its review is for the book and profile it was chosen for.
        <WriteToLedger value={ledger} onChange={setLedger} disabled={busy} testId="batch-ledger" />
      )}
      {phase === 'choose' && ledger === 'team' && teamError && (
        <Alert color="orange" role="alert" data-testid="team-problem">
          {teamError}
        </Alert>
      )}
      {phase === 'choose' && (
        <ProfilePicker profiles={choices} value={profileId} onChange={setProfile} maw={420} disabled={busy} />
      )}
      {error && (
        <Alert color="red" role="alert" title={t('batch.problem')}>
          {error}
        </Alert>
      )}
      <HeldForRelease />
      <TeamWritten />
      {phase === 'choose' && <ChooseStep />}
      {phase === 'review' && view && (
        <ReviewStep profile={{ name: view.profileName, environment: view.environment }} />
      )}
      {(phase === 'sending' || phase === 'results') && <SendStep />}
    </Stack>
  )
}
