import { Alert, Checkbox, Loader, Group, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { AccountChange } from '../../components/AccountChange.tsx'
import { useNewPayout } from './new-payout-store.ts'
import { fieldsKey } from './recipient-gate.ts'

/**
 * Whom the typed account belongs to: someone paid here before, a first payout to this account, or —
 * the one that matters — a known person whose account differs from the one last paid. With `withAccept`
 * the change carries the checkbox that alone lets this payout go to the new account.
 */
export function RecipientMark({ withAccept = false }: { withAccept?: boolean }) {
  const { t, i18n } = useTranslation()
  const { match, matchFor, matchError, acceptChange, setAcceptChange, profileId, fields } = useNewPayout()
  if (matchFor !== fieldsKey(profileId, fields)) {
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          {t('recipients.mark.checking')}
        </Text>
      </Group>
    )
  }
  if (matchError) {
    return (
      <Text size="sm" c="dimmed" role="status">
        {t('recipients.mark.checkFailed', { message: matchError })}
      </Text>
    )
  }
  if (!match) return null
  if (match.kind === 'new') {
    return (
      <Alert color="blue" variant="light" role="status" data-testid="recipient-mark" data-kind="new">
        {t('recipients.mark.new')}
      </Alert>
    )
  }
  const r = match.recipient
  if (match.kind === 'known') {
    return (
      <Text size="sm" role="status" data-testid="recipient-mark" data-kind="known">
        {r.payouts === 0
          ? t('recipients.mark.sentNotPaid', { name: r.name })
          : t('recipients.mark.known', {
              name: r.name,
              count: r.payouts,
              at: r.lastPaidAt
                ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(r.lastPaidAt)
                : '—',
            })}
      </Text>
    )
  }
  return (
    <Alert
      color="orange"
      role="alert"
      title={t('recipients.mark.changedTitle', { name: r.name })}
      data-testid="recipient-mark"
      data-kind="changed"
    >
      <Stack gap="xs">
        <Text size="sm">{t('recipients.mark.changedBody', { name: r.name })}</Text>
        <AccountChange oldAccount={match.oldAccount} newAccount={match.newAccount} />
        {withAccept ? (
          <Checkbox
            label={t('recipients.mark.accept', { name: r.name })}
            checked={acceptChange}
            onChange={(e) => setAcceptChange(e.currentTarget.checked)}
          />
        ) : (
          <Text size="sm" fw={600}>
            {t('recipients.mark.acceptLater')}
          </Text>
        )}
      </Stack>
    </Alert>
  )
}
