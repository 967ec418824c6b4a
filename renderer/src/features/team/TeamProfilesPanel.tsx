import { Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamProfileView } from '../../../../shared/ipc/team-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { GatewayArea } from '../../components/GatewayArea.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { ProfileForm } from '../profiles/ProfileForm.tsx'
import { TeamLimitsForm } from './TeamLimitsForm.tsx'
import { useTeam } from './team-store.ts'

/**
 * Settings → Team, connected: the team's profiles with their limits. An owner adds one (with its secret,
 * which stays in this keychain), edits it and sets its limits; a bookkeeper sees them only.
 */
export function TeamProfilesPanel() {
  const { t, i18n } = useTranslation()
  const { connection, profiles, loadProfiles, saveProfile } = useTeam()
  const [editing, setEditing] = useState<TeamProfileView | 'new' | null>(null)
  const [limitsFor, setLimitsFor] = useState<TeamProfileView | null>(null)
  useEffect(() => {
    void loadProfiles()
  }, [loadProfiles, connection?.server])
  if (!connection?.server) return null
  const owner = connection.owner === true
  const limit = (minor: number | null, p: TeamProfileView) =>
    minor === null ? t('team.profiles.none') : formatMoney(minor, p.currency, i18n.language)

  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-profiles">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={2} size="h4">
              {t('team.profiles.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {owner ? t('team.profiles.help') : t('team.profiles.ownersOnly')}
            </Text>
          </div>
          {owner && <Button onClick={() => setEditing('new')}>{t('team.profiles.add')}</Button>}
        </Group>
        {profiles.length === 0 ? (
          <Text size="sm">{t('team.profiles.empty')}</Text>
        ) : (
          <Table verticalSpacing="sm" data-testid="team-profiles-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('profiles.name')}</Table.Th>
                <Table.Th>{t('profiles.gateway')}</Table.Th>
                <Table.Th>{t('profiles.environment')}</Table.Th>
                <Table.Th>{t('team.profiles.limits')}</Table.Th>
                {owner && (
                  <Table.Th>
                    <VisuallyHidden>{t('profiles.actions')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profiles.map((p) => (
                <Table.Tr key={p.id} data-profile={p.name}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>
                    <GatewayArea provider={p.provider} area={p.area} />
                  </Table.Td>
                  <Table.Td>
                    <MoneyBadge environment={p.environment} />
                  </Table.Td>
                  <Table.Td>
                    {t('team.profiles.limitsLine', {
                      perPayout: limit(p.perPayoutMinor, p),
                      perDay: limit(p.perDayMinor, p),
                    })}
                  </Table.Td>
                  {owner && (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t('team.profiles.limitsFor', { profile: p.name })}
                          onClick={() => setLimitsFor(p)}
                        >
                          {t('team.profiles.limits')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('team.profiles.editFor', { profile: p.name })}
                          onClick={() => setEditing(p)}
                        >
                          {t('team.profiles.edit')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {editing && (
        <ProfileForm
          opened
          profile={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSave={saveProfile}
          secretWhenAdded
        />
      )}
      {limitsFor && <TeamLimitsForm profile={limitsFor} onClose={() => setLimitsFor(null)} />}
    </Paper>
  )
}
