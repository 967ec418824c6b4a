import { Alert, Checkbox, Group, List, Loader, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { issueText } from '../../../../shared/messages/import-issues.ts'
import { useNewPayout } from './new-payout-store.ts'

/**
 * The confirmation's check against the team's book: what stops the write, and what needs the person's
 * yes (a repeat of a recent payout, a known payee at another account), each with its own tick.
 */
export function TeamPayChecks() {
  const { t, i18n } = useTranslation()
  const { teamReview, acceptRepeat, acceptChange, setAcceptRepeat, setAcceptChange } = useNewPayout()
  if (!teamReview) {
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          {t('newPayout.team.checking')}
        </Text>
      </Group>
    )
  }
  const text = (issue: Parameters<typeof issueText>[1]) => issueText(t, issue, i18n.language)
  const repeats = teamReview.warnings.filter((w) => !w.accountChange)
  const changes = teamReview.warnings.filter((w) => w.accountChange)
  return (
    <Stack gap="xs" data-testid="team-pay-checks">
      <Text size="sm" c="dimmed">
        {t('newPayout.team.reference', { reference: teamReview.reference })}
      </Text>
      {teamReview.errors.length > 0 && (
        <Alert color="red" role="alert" title={t('newPayout.team.cannotWrite')}>
          <List size="sm">
            {teamReview.errors.map((e) => (
              <List.Item key={`${e.code}-${e.target ?? ''}`}>{text(e)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {changes.length > 0 && (
        <Alert
          color="orange"
          role="alert"
          title={t('newPayout.team.changedTitle')}
          data-testid="team-account-change"
        >
          <Stack gap="xs">
            {changes.map((w) => (
              <Text size="sm" key={w.code}>
                {text(w)}
              </Text>
            ))}
            <Checkbox
              label={t('newPayout.team.acceptChange')}
              checked={acceptChange}
              onChange={(e) => setAcceptChange(e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
      {repeats.length > 0 && (
        <Alert color="orange" role="alert" title={t('newPayout.repeatTitle')} data-testid="team-repeat">
          <Stack gap="xs">
            {repeats.map((w) => (
              <Text size="sm" key={w.code}>
                {text(w)}
              </Text>
            ))}
            <Checkbox
              label={t('newPayout.acceptRepeat')}
              checked={acceptRepeat}
              onChange={(e) => setAcceptRepeat(e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
    </Stack>
  )
}
