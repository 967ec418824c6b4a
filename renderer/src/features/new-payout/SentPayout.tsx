import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { useNav } from '../../app/nav-store.ts'
import { useFocusOnShow } from '../../components/focus.ts'
import { LiveStatus } from '../../components/LiveStatus.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { useNewPayout } from './new-payout-store.ts'

/** The heading says what happened: submitted while the gateway works on it, then its final outcome. */
const OUTCOME: Record<PayoutStatus, string> = {
  draft: 'submitted',
  queued: 'submitted',
  submitting: 'submitted',
  processing: 'submitted',
  succeeded: 'succeeded',
  failed: 'failed',
  rejected: 'rejected',
  unknown: 'unknown',
  needs_review: 'needs_review',
  cancelled: 'cancelled',
}

/** The payout just sent, followed live; it replaces the form, so its heading takes focus. */
export function SentPayout({ sent }: { sent: PayoutRow }) {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const form = useNewPayout()
  const go = useNav((s) => s.go)
  const heading = useFocusOnShow<HTMLHeadingElement>()
  const outcome = t(`newPayout.outcome.${OUTCOME[sent.status]}`)
  const refused = sent.status === 'failed' || sent.status === 'rejected'
  const gatewayCode = [sent.gatewayStatus, sent.gatewayMessage].filter(Boolean).join(' · ')
  return (
    <Stack gap="md" maw={720}>
      <Title order={1} ref={heading} tabIndex={-1} data-testid="sent-heading">
        {outcome}
      </Title>
      <LiveStatus testId="sent-live">{outcome}</LiveStatus>
      <Paper withBorder p="lg" radius="md" data-testid="sent-payout">
        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="xl" fw={700} className="money">
              {formatMoney(sent.amountMinor, sent.currency, i18n.language)}
            </Text>
            <StatusBadge status={sent.status} />
          </Group>
          <Group gap="xs">
            <Text size="sm">{t('newPayout.paidFrom', { name: profileName(sent.profileName) })}</Text>
            <MoneyBadge environment={sent.environment} />
          </Group>
          <Text>{t('newPayout.toWhom', { name: sent.beneficiaryName, account: sent.accountNo })}</Text>
          <Text size="sm" c="dimmed">
            {t('newPayout.reference', { reference: sent.reference })}
            {sent.gatewayId ? ` · ${t('newPayout.gatewayId', { id: sent.gatewayId })}` : ''}
          </Text>
          {sent.status === 'unknown' && <Alert color="yellow">{t('statusHelp.unknown')}</Alert>}
          {sent.status === 'needs_review' && <Alert color="grape">{t('statusHelp.needs_review')}</Alert>}
          {refused && (
            <Alert color="red" role="alert" title={t('newPayout.refusedTitle')}>
              <Text size="sm">{t('newPayout.refusedBody')}</Text>
              {gatewayCode && (
                <Text size="sm" mt={4} data-testid="gateway-details">
                  {t('newPayout.gatewayDetails', { details: gatewayCode })}
                </Text>
              )}
            </Alert>
          )}
          {sent.lastError && sent.status !== 'succeeded' && (
            <Alert color={refused ? 'red' : 'yellow'} role="alert">
              {sent.lastError}
            </Alert>
          )}
          <Group gap="xs">
            <Button variant="light" onClick={() => void form.refresh()}>
              {t('newPayout.checkNow')}
            </Button>
            <Button variant="default" onClick={() => go('history')}>
              {t('newPayout.seeHistory')}
            </Button>
            <Button onClick={form.startOver}>{t('newPayout.another')}</Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  )
}
