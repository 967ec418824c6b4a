import { Alert, Button, Checkbox, Grid, Group, Paper, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney, parseAmount } from '../../../../shared/money.ts'
import { validateFields, type FieldDef } from '../../../../shared/providers/fields.ts'
import { firstOf, payoutShape } from '../../../../shared/providers/payout-shape.ts'
import { useNav } from '../../app/nav-store.ts'
import { amountExample } from '../../components/amount-example.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { EnvironmentBand } from '../../components/EnvironmentBand.tsx'
import { focusFirstInvalid } from '../../components/focus.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import { useProfiles } from '../profiles/profiles-store.ts'
import { FieldInput } from './FieldInput.tsx'
import { useNewPayout } from './new-payout-store.ts'
import { fieldsKey, recipientReady } from './recipient-gate.ts'
import { RecipientMark } from './RecipientMark.tsx'
import { RecipientPicker } from './RecipientPicker.tsx'
import { useBankLists } from './bank-list-store.ts'
import { ProfilePicker } from '../profiles/ProfilePicker.tsx'
import { SentPayout } from './SentPayout.tsx'
import { WriteToLedger } from '../../components/WriteToLedger.tsx'
import { useTeam } from '../team/team-store.ts'
import { TeamPayChecks } from './TeamPayChecks.tsx'
import { TeamPayoutWritten } from './TeamPayoutWritten.tsx'
import { teamAccepted } from './team-new-payout.ts'

const isRequired = (def: FieldDef, values: Record<string, string>) =>
  def.required ||
  (def.requiredWhen ? def.requiredWhen.values.includes(values[def.requiredWhen.field] ?? '') : false)

export function NewPayoutPage() {
  const { t, i18n } = useTranslation()
  const { profiles, load } = useProfiles()
  const form = useNewPayout()
  const go = useNav((s) => s.go)
  const profileName = useProfileName()
  const formRef = useRef<HTMLDivElement>(null)
  const { connection, loadConnection, profiles: teamProfiles, loadProfiles: loadTeamProfiles } = useTeam()
  useEffect(() => {
    void load()
    void loadConnection()
  }, [load, loadConnection])
  // The team ledger is a choice once this desk is connected to one; forgotten, it is this desk's again.
  const teamOn = Boolean(connection?.server)
  const { ledger, setLedger } = form
  useEffect(() => {
    if (connection && !connection.server) setLedger('desk')
    else if (ledger === 'team') void loadTeamProfiles()
  }, [connection, ledger, setLedger, loadTeamProfiles])
  const team = ledger === 'team'
  // A refused review sends focus to the first field with a problem, so the person hears what is wrong.
  useEffect(() => {
    if (form.refusedReviews > 0) focusFirstInvalid(formRef.current)
  }, [form.refusedReviews])

  const deskProfile = team ? null : (profiles.find((p) => p.id === form.profileId) ?? null)
  const profile = deskProfile ?? (team ? (teamProfiles.find((p) => p.id === form.profileId) ?? null) : null)
  const { byProfile, load: loadBanks, importList: importBanks, error: bankError } = useBankLists()
  // A team profile's own bank list and recipients are this desk's; the team's book answers at the review.
  const banks = deskProfile ? byProfile[deskProfile.id] : undefined
  useEffect(() => {
    if (form.profileId && !team) void loadBanks(form.profileId)
  }, [form.profileId, team, loadBanks])
  const shape = profile ? payoutShape(profile.provider, profile.area) : null
  const checked = useMemo(
    () => (shape ? validateFields(shape.fields, form.fields) : null),
    [shape, form.fields],
  )
  const fieldErrors = new Map((checked && !checked.ok ? checked.errors : []).map((e) => [e.field, e.problem]))
  const amount = shape ? parseAmount(form.amountText, shape.currency) : null
  let amountError: string | null = null
  const example = shape ? amountExample(shape.currency) : ''
  if (shape && amount && !amount.ok) amountError = t(`amountProblems.${amount.error}`, { example })
  else if (shape && amount?.ok && shape.minAmountMinor !== null && amount.minor < shape.minAmountMinor) {
    amountError = t('amountProblems.below_min', {
      min: formatMoney(shape.minAmountMinor, shape.currency, i18n.language),
    })
  }
  const show = (key: string) => form.showAll || form.touched[key]
  const valid = Boolean(checked?.ok && amount?.ok && amountError === null)
  const money = amount?.ok && shape ? formatMoney(amount.minor, shape.currency, i18n.language) : null
  const values = checked?.ok ? checked.values : form.fields
  const uncertain = form.problem?.kind === 'uncertain'
  // Who the account belongs to is asked once the fields are complete, and again after each edit.
  const fieldsOk = Boolean(checked?.ok)
  const key = fieldsKey(form.profileId, form.fields)
  useEffect(() => {
    if (!fieldsOk || team) return
    const timer = setTimeout(() => void useNewPayout.getState().checkRecipient(), 250)
    return () => clearTimeout(timer)
  }, [fieldsOk, key, team])

  if (form.phase === 'sent' && form.created) return <SentPayout created={form.created} sent={form.sent} />
  if (form.phase === 'sent' && form.teamWritten)
    return <TeamPayoutWritten written={form.teamWritten} money={money ?? ''} />
  const ready = team ? teamAccepted(form) : recipientReady(form)
  // On the team ledger the confirmation names the profile as the team's book checked it: what Write writes to.
  const shownOf = (p: NonNullable<typeof profile>) => (team && form.teamReview?.profile) || p

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.newPayout')} />
      {form.problem?.kind === 'refused' && (
        <Alert color="red" role="alert" title={t('newPayout.notSent')}>
          {form.problem.message}
        </Alert>
      )}
      {form.problem?.kind === 'repeat' && (
        <Alert color="orange" role="alert" title={t('newPayout.repeatTitle')} data-testid="repeat-warning">
          <Stack gap="xs">
            <Text size="sm">{form.problem.message}</Text>
            <Checkbox
              label={t('newPayout.acceptRepeat')}
              checked={form.acceptRepeat}
              onChange={(e) => form.setAcceptRepeat(e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="lg" radius="md" ref={formRef}>
            <Stack gap="sm">
              {teamOn && (
                <WriteToLedger value={ledger} onChange={setLedger} disabled={uncertain} testId="pay-ledger" />
              )}
              <ProfilePicker
                profiles={team ? teamProfiles : profiles}
                value={form.profileId}
                onChange={form.setProfile}
              />
              {deskProfile && <RecipientPicker profile={deskProfile} />}
              <TextInput
                label={t('newPayout.amount', { currency: shape?.currency ?? '' })}
                description={shape ? t('newPayout.amountHint', { example }) : undefined}
                required
                size="md"
                value={form.amountText}
                onChange={(e) => form.setAmount(e.currentTarget.value)}
                onBlur={() => form.touch('amount')}
                error={show('amount') ? amountError : null}
                classNames={{ input: 'money' }}
                inputMode="decimal"
              />
              {shape?.fields.map((def) => (
                <FieldInput
                  key={`${form.profileId ?? ''}-${def.key}`}
                  def={def}
                  value={form.fields[def.key] ?? ''}
                  required={isRequired(def, form.fields)}
                  error={
                    show(def.key) && fieldErrors.has(def.key)
                      ? t(`fieldProblems.${fieldErrors.get(def.key) ?? 'format'}`)
                      : null
                  }
                  onChange={(v) => form.setField(def.key, v)}
                  onBlur={() => form.touch(def.key)}
                  suggestions={banks?.field === def.key ? banks.entries : undefined}
                />
              ))}
              {banks && deskProfile && (
                <Group gap="xs" data-testid="bank-list-note">
                  <Text size="xs" c="dimmed" maw={460}>
                    {t('banks.note', { count: banks.entries.filter((e) => e.source === 'yours').length })}
                  </Text>
                  <Button size="compact-xs" variant="subtle" onClick={() => void importBanks(deskProfile.id)}>
                    {t('banks.import')}
                  </Button>
                </Group>
              )}
              {bankError && (
                <Text size="sm" c="red" role="alert">
                  {bankError}
                </Text>
              )}
              {fieldsOk && !team && <RecipientMark />}
              <Group justify="flex-end">
                <Button size="md" disabled={!profile} onClick={() => form.review(valid)}>
                  {t('newPayout.review')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {profile && (
            <Paper withBorder p="lg" radius="md">
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600}>{profileName(profile.name)}</Text>
                  <MoneyBadge environment={profile.environment} />
                </Group>
                <Text size="xl" fw={700} className="money" data-testid="amount-echo">
                  {money ?? '—'}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('newPayout.echoHelp')}
                </Text>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
      <AppModal
        opened={form.phase === 'confirm'}
        onClose={form.back}
        title={t('newPayout.confirmTitle')}
        size="md"
        // While it is open whether the payout was written, the only ways on are Send again or History.
        withCloseButton={!uncertain}
        closeOnEscape={!uncertain}
        closeOnClickOutside={!uncertain}
      >
        {profile && shape && (
          <Stack gap="sm">
            <EnvironmentBand profile={shownOf(profile)} />
            <Text size="sm" c="dimmed">
              {t('newPayout.youPay')}
            </Text>
            <Text size="xl" fw={800} className="money" data-testid="confirm-amount">
              {money}
            </Text>
            <Text>
              {t('newPayout.toWhom', {
                name: firstOf(values, shape.nameFields) ?? '',
                account: values[shape.accountField] ?? '',
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('newPayout.bank', { bank: firstOf(values, shape.bankFields) ?? '—' })}
            </Text>
            {team ? <TeamPayChecks /> : <RecipientMark withAccept />}
            {uncertain && (
              <Alert
                color="yellow"
                role="alert"
                title={t('attention.newPayout.uncertainTitle')}
                data-testid="send-uncertain"
              >
                {t('attention.newPayout.uncertainBody')}
              </Alert>
            )}
            <Group justify="flex-end">
              {uncertain ? (
                <Button variant="default" onClick={() => go('history')}>
                  {t('newPayout.seeHistory')}
                </Button>
              ) : (
                <Button variant="default" onClick={form.back} data-autofocus>
                  {t('newPayout.goBack')}
                </Button>
              )}
              <Button
                color={shownOf(profile).environment === 'production' ? 'red' : undefined}
                loading={form.sending}
                disabled={!ready}
                onClick={() => void form.send()}
              >
                {team
                  ? t(uncertain ? 'newPayout.team.writeAgain' : 'newPayout.team.write')
                  : uncertain
                    ? t('attention.newPayout.sendAgain')
                    : t('newPayout.send')}
              </Button>
            </Group>
          </Stack>
        )}
      </AppModal>
    </Stack>
  )
}
