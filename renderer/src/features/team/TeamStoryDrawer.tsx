import {
  Alert,
  Badge,
  Drawer,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PAYOUT_STATUSES, type PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { TeamHistoryRowView, TeamStoryView } from '../../../../shared/ipc/team-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { DIALOG_ATTRIBUTES } from '../../components/AppModal.tsx'
import { Money } from '../../components/Money.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { RawDetail } from '../../components/RawDetail.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'

const isPayoutStatus = (s: string | null): s is PayoutStatus =>
  s !== null && (PAYOUT_STATUSES as readonly string[]).includes(s)

/** A team status as a badge: the payout statuses as everywhere, "waiting for approval" as the team's own. */
export function TeamStatus({ status }: { status: string }) {
  const { t } = useTranslation()
  return isPayoutStatus(status) ? (
    <StatusBadge status={status} />
  ) : (
    <Badge color="gray" variant="outline" data-status={status}>
      {t('team.awaitingApproval')}
    </Badge>
  )
}

/**
 * One payout of the team's book and every step of it, each with the person (their login) who took it:
 * who wrote it, who approved it, which desk sent it and what the gateway answered. From the server, or
 * this computer's last copy when it cannot be reached (and it says so).
 */
export function TeamStoryDrawer({ row, onClose }: { row: TeamHistoryRowView | null; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const [view, setView] = useState<{ reference: string; read: TeamStoryView } | null>(null)
  const [failed, setFailed] = useState<{ reference: string; error: string } | null>(null)
  const reference = row?.reference ?? null
  useEffect(() => {
    if (reference === null) return
    let live = true
    unwrap(window.api.getTeamStory({ reference }))
      .then((read) => live && setView({ reference, read }))
      .catch((e: unknown) => live && setFailed({ reference, error: errorMessage(e) }))
    return () => {
      live = false
    }
  }, [reference])
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' })
  // A reference is unique within a profile: the story shown is the row's own payout.
  const read = view && view.reference === reference ? view.read : null
  const error = failed && failed.reference === reference && !read ? failed.error : null
  const story = read?.stories.find((s) => s.payout.id === row?.id) ?? null

  return (
    <Drawer
      opened={row !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={t('team.story.title', { reference: reference ?? '' })}
      scrollAreaComponent={ScrollArea.Autosize}
      closeButtonProps={{ 'aria-label': t('common.closeDialog') }}
      attributes={DIALOG_ATTRIBUTES}
    >
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!read && !error && <Loader aria-label={t('history.loading')} />}
      {read && !story && !error && (
        <Alert color="yellow" role="status">
          {t('team.story.gone')}
        </Alert>
      )}
      {read && story && (
        <Stack gap="md" data-testid="team-story">
          {read.offline && (
            <Alert color="yellow" role="status">
              {read.offline.copiedAt === null
                ? t('team.offlineUnknown')
                : t('team.offline', { at: dateTime.format(read.offline.copiedAt) })}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="xl" fw={800}>
              <Money minor={story.payout.amountMinor} currency={story.payout.currency} />
            </Text>
            <Group gap="xs">
              <MoneyBadge environment={story.payout.environment} />
              <TeamStatus status={story.payout.status} />
            </Group>
          </Group>
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {[
                [t('team.columns.reference'), story.payout.reference],
                [t('team.columns.profile'), story.payout.profile],
                [t('team.columns.preparedBy'), story.payout.preparedBy],
                [t('team.columns.approvedBy'), story.payout.approvedBy ?? '—'],
                [t('history.detail.gatewayStatus'), story.payout.gatewayStatus ?? '—'],
                [t('team.columns.written'), dateTime.format(story.payout.createdAt)],
                ...Object.entries(story.fields).map(([k, v]) => [t(`fields.${k}`, { defaultValue: k }), v]),
              ].map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row" fw={400} c="dimmed" w={200}>
                    {label}
                  </Table.Th>
                  <Table.Td className="mono">{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={3}>{t('history.detail.timeline')}</Title>
          <Timeline bulletSize={14} lineWidth={2} data-testid="team-story-steps">
            {story.events.map((e, i) => (
              <Timeline.Item
                key={i}
                data-kind={e.kind}
                title={
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {t(`history.events.${e.kind}`, { defaultValue: e.kind })}
                    </Text>
                    {isPayoutStatus(e.toStatus) && <StatusBadge status={e.toStatus} />}
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {t('team.story.by', { at: dateTime.format(e.at), person: e.person })}
                </Text>
                <RawDetail detail={e.detail} />
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
    </Drawer>
  )
}
