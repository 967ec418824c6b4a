import { noteText } from '../../api/stored-text.ts'
import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { useHistory } from '../history/history-store.ts'
import type { Outcome } from './attention-store.ts'

interface Props {
  outcome: Outcome
  busy: boolean
  onPayAgain: () => void
}

/**
 * What the last decision did, announced and focused (the payout it was about may have left the list), with
 * "Pay again as a new payout" after a payout was marked as not sent.
 */
export function OutcomePanel({ outcome, busy, onPayAgain }: Props) {
  const { t } = useTranslation()
  const panel = useRef<HTMLDivElement>(null)
  const openPayout = useHistory((s) => s.open)
  useEffect(() => panel.current?.focus(), [outcome])
  const reference = outcome.item.reference

  let body
  if (outcome.kind === 'done') {
    const { result, action } = outcome
    body = (
      <Alert
        role="status"
        color={result.stillNeedsAttention ? 'yellow' : 'green'}
        title={t(`attention.done.${action}`, { reference })}
      >
        <Stack gap={6}>
          {result.said && (
            <Text size="sm">{t('attention.gatewaySaid', { message: noteText(result.said) })}</Text>
          )}
          <Group gap="xs">
            <Text size="sm">{t('attention.nowStatus')}</Text>
            <StatusBadge status={result.status} />
          </Group>
          {result.stillNeedsAttention && <Text size="sm">{t('attention.stillWaiting')}</Text>}
          {action === 'not-sent' && !result.stillNeedsAttention && (
            <Group gap="sm" align="flex-start" wrap="nowrap">
              <Button onClick={onPayAgain} disabled={busy} miw={240}>
                {t('attention.retry.button')}
              </Button>
              <Text size="sm">{t('attention.retry.help')}</Text>
            </Group>
          )}
        </Stack>
      </Alert>
    )
  } else if (outcome.kind === 'retried') {
    body = (
      <Alert
        role="status"
        color="green"
        title={t('attention.retry.done', { reference: outcome.created.reference, original: reference })}
      >
        {outcome.item.book !== 'team' && (
          <Button variant="light" onClick={() => openPayout(outcome.created.id)}>
            {t('attention.retry.open')}
          </Button>
        )}
      </Alert>
    )
  } else {
    const refused = outcome.kind === 'refused'
    body = (
      <Alert color="red" title={refused ? t('attention.failed', { reference }) : t('attention.retry.failed')}>
        <Stack gap={4}>
          {refused && outcome.moved && <Text size="sm">{t('attention.refused', { reference })}</Text>}
          <Text size="sm">{outcome.message}</Text>
        </Stack>
      </Alert>
    )
  }
  return (
    <div ref={panel} tabIndex={-1} data-testid="attention-outcome" data-kind={outcome.kind}>
      {body}
    </div>
  )
}
