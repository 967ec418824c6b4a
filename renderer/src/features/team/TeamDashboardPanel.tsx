import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamDashboardProfile, TeamDashboardView } from '../../../../shared/ipc/team-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { throttled } from '../../api/throttled.ts'
import { Money } from '../../components/Money.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { localDays } from '../dashboard/dashboard-store.ts'
import { PeriodFigures } from '../dashboard/PeriodFigures.tsx'
import { useTeam } from './team-store.ts'

function TeamProfileCard({ p }: { p: TeamDashboardProfile }) {
  const { t } = useTranslation()
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="team-profile-card"
      data-profile={p.name}
      data-environment={p.environment}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {p.name}
          </Title>
          <MoneyBadge environment={p.environment} />
        </Group>
        {p.awaitingApproval.count > 0 && (
          <Text size="sm" data-testid="team-awaiting">
            {t('team.dashboard.awaiting', { count: p.awaitingApproval.count })}{' '}
            <Money minor={p.awaitingApproval.totalMinor} currency={p.currency} />
          </Text>
        )}
        <PeriodFigures p={p} />
      </Stack>
    </Paper>
  )
}

/**
 * The team's book at a glance on the Dashboard, beside this desk's own profiles: each team profile's
 * payouts today, this week and over 30 days, what was paid, and what waits for an owner. When the server
 * cannot be reached it is this computer's last copy, read-only, and says so.
 */
export function TeamDashboardPanel() {
  const { t, i18n } = useTranslation()
  const { connection, loadConnection } = useTeam()
  const [view, setView] = useState<TeamDashboardView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      setView(await unwrap(window.api.getTeamDashboard(localDays())))
      setError(null)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [])
  useEffect(() => {
    void loadConnection()
  }, [loadConnection])
  useEffect(() => {
    if (!connection?.server) return
    const asked = setTimeout(() => void load(), 0)
    const unsubscribe = window.api.onPayoutsChanged(throttled(() => void load()))
    return () => {
      clearTimeout(asked)
      unsubscribe()
    }
  }, [connection?.server, load])
  if (!connection?.server) return null

  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-dashboard">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('team.dashboard.title')}
        </Title>
        {view?.offline && (
          <Alert color="yellow" role="status">
            {view.offline.copiedAt === null
              ? t('team.offlineUnknown')
              : t('team.offline', { at: new Date(view.offline.copiedAt).toLocaleString(i18n.language) })}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {view && view.profiles.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('team.dashboard.empty')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {view?.profiles.map((p) => (
            <TeamProfileCard key={`${p.name}:${p.environment}`} p={p} />
          ))}
        </SimpleGrid>
      </Stack>
    </Paper>
  )
}
