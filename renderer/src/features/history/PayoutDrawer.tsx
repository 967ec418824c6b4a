import { storedText } from '../../api/stored-text.ts'
import {
  Alert,
  Button,
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
import type { PayoutRow } from '../../../../shared/ipc/contract.ts'
import type { PayoutDetail } from '../../../../shared/ipc/history-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { Money } from '../../components/Money.tsx'
import { DIALOG_ATTRIBUTES } from '../../components/AppModal.tsx'
import { LiveStatus } from '../../components/LiveStatus.tsx'
import { RawDetail } from '../../components/RawDetail.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { minorToDecimalString } from '../../../../shared/money.ts'
import { payAgain } from '../new-payout/pay-again.ts'
import { useProfiles } from '../profiles/profiles-store.ts'
import { useHistory } from './history-store.ts'

/** Every field of one payout, its status timeline and the raw exchanges with the gateway. */
export function PayoutDrawer() {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const { openId, open } = useHistory()
  const changed = useHistory((s) => s.rows.find((r) => r.id === openId)?.updatedAt)
  const [data, setData] = useState<{ row: PayoutRow; detail: PayoutDetail } | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!openId) return
    let live = true
    Promise.all([
      unwrap(window.api.getPayout({ id: openId })),
      unwrap(window.api.getPayoutDetail({ id: openId })),
    ])
      .then(([row, detail]) => live && (setData({ row, detail }), setError(null)))
      .catch((e: unknown) => live && setError(errorMessage(e)))
    return () => {
      live = false
    }
  }, [openId, changed])
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' })
  const shown = data && data.row.id === openId ? data : null
  // Profile names are unique in the ledger; a payout row carries its profile by name.
  const profile = useProfiles((s) => s.profiles.find((p) => p.name === shown?.row.profileName) ?? null)
  useEffect(() => {
    if (openId) void useProfiles.getState().load()
  }, [openId])

  return (
    <Drawer
      opened={openId !== null}
      onClose={() => open(null)}
      position="right"
      size="xl"
      title={t('history.detail.title')}
      scrollAreaComponent={ScrollArea.Autosize}
      closeButtonProps={{ 'aria-label': t('common.closeDialog') }}
      attributes={DIALOG_ATTRIBUTES}
    >
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!shown && !error && <Loader aria-label={t('history.loading')} />}
      {shown && (
        <Stack gap="md" data-testid="payout-detail">
          <Group justify="space-between">
            <Text size="xl" fw={800}>
              <Money minor={shown.row.amountMinor} currency={shown.row.currency} />
            </Text>
            <Group gap="xs">
              <MoneyBadge environment={shown.row.environment} />
              <StatusBadge status={shown.row.status} />
            </Group>
          </Group>
          <LiveStatus>
            {t('history.detail.statusNow', { status: t(`status.${shown.row.status}`) })}
          </LiveStatus>
          {shown.row.status === 'unknown' && <Alert color="yellow">{t('statusHelp.unknown')}</Alert>}
          {shown.row.lastError && <Text>{storedText(shown.row.lastError)}</Text>}
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {[
                [t('history.columns.reference'), shown.row.reference],
                [t('history.detail.gatewayId'), shown.row.gatewayId ?? '—'],
                [t('history.columns.profile'), profileName(shown.row.profileName)],
                [
                  t('history.detail.gatewayStatus'),
                  [shown.row.gatewayStatus, shown.row.gatewayMessage].filter(Boolean).join(' · ') || '—',
                ],
                [t('history.columns.created'), dateTime.format(shown.row.createdAt)],
                [
                  t('history.detail.lastChecked'),
                  shown.row.lastCheckedAt ? dateTime.format(shown.row.lastCheckedAt) : '—',
                ],
                ...Object.entries(shown.detail.fields).map(([k, v]) => [
                  t(`fields.${k}`, { defaultValue: k }),
                  v,
                ]),
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
          {/* Only a paid payout: one that did not go through is paid again by Retry, which asks first. */}
          {profile && shown.row.status === 'succeeded' && (
            <Button
              size="xs"
              variant="light"
              w="fit-content"
              onClick={() => {
                open(null)
                payAgain(
                  profile,
                  shown.detail.fields,
                  minorToDecimalString(shown.row.amountMinor, shown.row.currency),
                )
              }}
            >
              {t('recipients.payAgain')}
            </Button>
          )}
          {(shown.detail.retryOf || shown.detail.retriedAs.length > 0) && (
            <Group gap="xs">
              {shown.detail.retryOf && (
                <Button size="xs" variant="light" onClick={() => open(shown.detail.retryOf)}>
                  {t('history.detail.retryOf')}
                </Button>
              )}
              {shown.detail.retriedAs.map((id) => (
                <Button key={id} size="xs" variant="light" color="orange" onClick={() => open(id)}>
                  {t('history.detail.retriedAs')}
                </Button>
              ))}
            </Group>
          )}
          <Title order={3}>{t('history.detail.timeline')}</Title>
          <Timeline bulletSize={14} lineWidth={2} data-testid="payout-timeline">
            {shown.detail.events.map((e) => (
              <Timeline.Item
                key={e.seq}
                title={
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {t(`history.events.${e.kind}`, { defaultValue: e.kind })}
                    </Text>
                    {e.toStatus && <StatusBadge status={e.toStatus} />}
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {dateTime.format(e.at)}
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
