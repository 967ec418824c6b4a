import { storedText } from '../../api/stored-text.ts'
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { CreatedPayout } from '../../../../shared/ipc/payouts-contract.ts'
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

/**
 * The payout just sent, followed live; it replaces the form, so its heading takes focus. `sent` is null
 * when it was written and is on its way but could not be read back; a `draft` waits for release.
 */
export function SentPayout({ created, sent }: { created: CreatedPayout; sent: PayoutRow | null }) {
  const { t } = useTranslation()
  const go = useNav((s) => s.go)
  const heading = useFocusOnShow<HTMLHeadingElement>()
  const held = (sent?.status ?? created.status) === 'draft'
  const outcome = held
    ? t('release.heldTitle')
    : t(`newPayout.outcome.${OUTCOME[sent?.status ?? created.status]}`)
  return (
    <Stack gap="md" maw={720}>
      <Title order={1} ref={heading} tabIndex={-1} data-testid="sent-heading">
        {outcome}
      </Title>
      <LiveStatus testId="sent-live">{outcome}</LiveStatus>
      {held && (
        <Alert color="orange" role="status" data-testid="held-for-release">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('release.heldBody')}</Text>
            <Button size="xs" variant="light" onClick={() => go('dashboard')}>
              {t('release.toDashboard')}
            </Button>
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md" data-testid="sent-payout">
        {sent ? (
          <SentDetails sent={sent} />
        ) : (
          // It was written and is on its way; only reading it back failed.
          <Stack gap="xs">
            <Alert color="blue" role="status" data-testid="sent-unread">
              {t('attention.newPayout.sentUnread')}
            </Alert>
            <Text size="sm" c="dimmed">
              {t('newPayout.reference', { reference: created.reference })}
            </Text>
            <SentActions />
          </Stack>
        )}
      </Paper>
    </Stack>
  )
}

function SentActions() {
  const { t } = useTranslation()
  const form = useNewPayout()
  const go = useNav((s) => s.go)
  return (
    <Group gap="xs">
      <Button variant="light" onClick={() => void form.refresh()}>
        {t('newPayout.checkNow')}
      </Button>
      <Button variant="default" onClick={() => go('history')}>
        {t('newPayout.seeHistory')}
      </Button>
      <Button onClick={form.startOver}>{t('newPayout.another')}</Button>
    </Group>
  )
}

function SentDetails({ sent }: { sent: PayoutRow }) {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const refused = sent.status === 'failed' || sent.status === 'rejected'
  const gatewayCode = [sent.gatewayStatus, sent.gatewayMessage].filter(Boolean).join(' · ')
  return (
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
          {storedText(sent.lastError)}
        </Alert>
      )}
      <SentActions />
    </Stack>
  )
}
