import { storedText } from '../../api/stored-text.ts'
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import type { DashboardProfile } from '../../../../shared/ipc/history-contract.ts'
import { formatDecimalMoney } from '../../../../shared/money.ts'
import { useNav } from '../../app/nav-store.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import { Money } from '../../components/Money.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { NO_FILTERS, useHistory } from '../history/history-store.ts'
import { throttled } from '../../api/throttled.ts'
import { useDashboard } from './dashboard-store.ts'
import { useAttention } from '../attention/attention-store.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { AwaitingReleasePanel } from '../release/AwaitingReleasePanel.tsx'
import { PeriodFigures } from './PeriodFigures.tsx'
import { TeamDashboardPanel } from '../team/TeamDashboardPanel.tsx'

const ATTENTION: PayoutStatus[] = ['failed', 'unknown', 'needs_review']

function ProfileCard({ p }: { p: DashboardProfile }) {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const { balances, refreshBalance, refreshingBalance } = useDashboard()
  const problem = balances[p.profileId]?.problem ?? null
  const at = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <Paper withBorder p="lg" radius="md" data-testid="profile-card" data-profile={p.name}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3">
            {profileName(p.name)}
          </Title>
          <MoneyBadge environment={p.environment} />
        </Group>
        <Group justify="space-between" align="flex-end">
          <div>
            <Text size="xs" c="dimmed">
              {t('dashboard.balance')}
            </Text>
            <Text size="xl" fw={800} className="money" data-testid="balance">
              {p.balance ? formatDecimalMoney(p.balance.availableDecimal, p.currency, i18n.language) : '—'}
            </Text>
            {p.balance?.gatewayValue && (
              <Text size="xs" c="dimmed" data-testid="balance-gateway-value">
                {t('dashboard.balanceGatewayValue', { value: p.balance.gatewayValue })}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {p.balance
                ? t('dashboard.balanceAt', { at: at.format(p.balance.fetchedAt) })
                : t('dashboard.balanceNever')}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            loading={refreshingBalance === p.profileId}
            onClick={() => void refreshBalance(p.profileId)}
          >
            {t('dashboard.refreshBalance')}
          </Button>
        </Group>
        {problem && (
          <Text size="sm" c="orange" data-testid="balance-problem" role="alert">
            {problem}
          </Text>
        )}
        <PeriodFigures p={p} />
      </Stack>
    </Paper>
  )
}

export function DashboardPage() {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const { view, error, load } = useDashboard()
  const go = useNav((s) => s.go)
  const waiting = useAttention((s) => s.count)
  useEffect(() => {
    void load()
    // While shown, the figures follow main's pushes, gathered: a batch must not recompute them per payout.
    return window.api.onPayoutsChanged(throttled(() => void load()))
  }, [load])
  const openPayout = (id: string | null, statuses: PayoutStatus[]) => {
    useHistory.setState({ filters: { ...NO_FILTERS, statuses }, openId: id })
    go('history')
  }
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <Stack gap="md">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <AwaitingReleasePanel />
      {view && (
        <Paper withBorder p="lg" radius="md" data-testid="attention">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h3">
              {t('dashboard.attention', { count: view.attentionTotal })}
            </Title>
            <Group gap="xs">
              {waiting > 0 && (
                <Button size="xs" onClick={() => go('attention')}>
                  {t('attention.dashboardButton')} ({waiting})
                </Button>
              )}
              {view.attentionTotal > 0 && (
                <Button size="xs" variant="light" onClick={() => openPayout(null, ATTENTION)}>
                  {t('dashboard.seeAll')}
                </Button>
              )}
            </Group>
          </Group>
          {view.attention.length === 0 ? (
            <Text c="dimmed">{t('dashboard.allClear')}</Text>
          ) : (
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('history.columns.status')}</Table.Th>
                  <Table.Th>{t('history.columns.beneficiary')}</Table.Th>
                  <Table.Th ta="right">{t('history.columns.amount')}</Table.Th>
                  <Table.Th>{t('history.columns.money')}</Table.Th>
                  <Table.Th>{t('dashboard.why')}</Table.Th>
                  <Table.Th>{t('history.columns.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {view.attention.map((a) => (
                  <Table.Tr
                    key={a.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => openPayout(a.id, ATTENTION)}
                  >
                    <Table.Td>
                      <StatusBadge status={a.status} />
                    </Table.Td>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" onClick={() => openPayout(a.id, ATTENTION)}>
                        {a.beneficiaryName}
                      </Button>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Money minor={a.amountMinor} currency={a.currency} />
                    </Table.Td>
                    <Table.Td>
                      <MoneyBadge environment={a.environment} size="xs" />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" lineClamp={1}>
                        {a.lastError === null ? profileName(a.profileName) : storedText(a.lastError)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {dateTime.format(a.createdAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {view?.profiles.map((p) => (
          <ProfileCard key={p.profileId} p={p} />
        ))}
      </SimpleGrid>
      <TeamDashboardPanel />
    </Stack>
  )
}
