import { Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { Fragment, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DISAGREEMENT_REASONS, type AttentionAction } from '../../../../shared/domain/attention.ts'
import type { AttentionItem } from '../../../../shared/ipc/attention-contract.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { Money } from '../../components/Money.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { useHistory } from '../history/history-store.ts'
import { actionHelp, actionLabel } from './action-text.ts'
import { DisagreementSides } from './DisagreementSides.tsx'
import { useProfileName } from '../../components/profile-name.ts'

interface Props {
  item: AttentionItem
  busy: boolean
  onDecide: (action: AttentionAction, note: string, gatewayId: string) => void
}

/** One payout waiting for a person: why, what was tried, both sides if they disagree, and the choices. */
export function AttentionCard({ item, busy, onDecide }: Props) {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const headingId = useId()
  const [note, setNote] = useState('')
  const [gatewayId, setGatewayId] = useState('')
  const openPayout = useHistory((s) => s.open)
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  const tried = [
    item.attempts > 0 ? t('attention.attempts', { count: item.attempts }) : t('attention.noAttempts'),
    item.lastAttemptAt !== null
      ? t('attention.lastAttempt', { at: dateTime.format(item.lastAttemptAt) })
      : null,
    item.checks > 0 ? t('attention.checks', { count: item.checks }) : null,
  ].filter((line): line is string => line !== null)

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="article"
      aria-labelledby={headingId}
      data-testid="attention-item"
      data-reference={item.reference}
      data-reason={item.reason}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h4" id={headingId}>
              {item.beneficiaryName}
            </Title>
            <Group gap="xs" mt={4}>
              <MoneyBadge environment={item.environment} />
              <Text size="sm">{profileName(item.profileName)}</Text>
              <StatusBadge status={item.status} />
            </Group>
          </div>
          <Text size="xl" fw={800} ta="right">
            <Money minor={item.amountMinor} currency={item.currency} />
          </Text>
        </Group>
        <Group gap="lg">
          <Text size="sm">
            {t('attention.account')}: <span className="mono">{item.accountNo}</span>
          </Text>
          <Text size="sm">{t('attention.reference', { reference: item.reference })}</Text>
          <Text size="sm">{t('attention.since', { at: dateTime.format(item.since) })}</Text>
        </Group>

        <div>
          <Title order={3} size="h5">
            {t('attention.whyTitle')}
          </Title>
          <Text data-testid="attention-why">{t(`attention.reasons.${item.reason}`)}</Text>
        </div>
        <div>
          <Title order={3} size="h5">
            {t('attention.triedTitle')}
          </Title>
          <Text size="sm" data-testid="attention-tried">
            {tried.join(' · ')}
          </Text>
          {item.book === 'team' ? (
            <Text size="sm" c="dimmed">
              {t('attention.teamItem')}
            </Text>
          ) : (
            <Button variant="subtle" size="compact-sm" px={0} onClick={() => openPayout(item.id)}>
              {t('attention.raw')}
            </Button>
          )}
        </div>
        {DISAGREEMENT_REASONS.has(item.reason) && <DisagreementSides item={item} />}

        <Title order={3} size="h5">
          {t('attention.decideTitle')}
        </Title>
        <Textarea
          label={t('attention.note')}
          placeholder={t('attention.notePlaceholder')}
          autosize
          minRows={1}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {item.actions.includes('paid') && (
          <TextInput
            label={t('attention.gatewayId')}
            maxLength={64}
            value={gatewayId}
            onChange={(e) => setGatewayId(e.currentTarget.value)}
          />
        )}
        <div className="attention-actions">
          {item.actions.map((action) => (
            <Fragment key={action}>
              <Button
                variant={action === 'ask' ? 'light' : 'default'}
                disabled={busy}
                onClick={() => onDecide(action, note, gatewayId)}
                aria-describedby={`${headingId}-${action}`}
              >
                {actionLabel(t, action)}
              </Button>
              <Text size="sm" id={`${headingId}-${action}`}>
                {actionHelp(t, item, action)}
              </Text>
            </Fragment>
          ))}
        </div>
      </Stack>
    </Paper>
  )
}
