import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamProfileView } from '../../../../shared/ipc/team-contract.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { TeamSecretDialog } from './TeamSecretDialog.tsx'
import { useTeam } from './team-store.ts'

/**
 * Sending on the team ledger from this computer: what is ready per team profile, whether this computer
 * holds its secret, and one Send for all it can. A profile without its secret here is left to a computer
 * that has it; keeping it here takes the secret the owner set (the team ledger knows its check).
 */
export function TeamSendingPanel() {
  const { t } = useTranslation()
  const { connection, profiles, loadProfiles, send } = useTeam()
  const [busy, setBusy] = useState(false)
  const [keeping, setKeeping] = useState<TeamProfileView | null>(null)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    void loadProfiles()
  }, [loadProfiles, connection?.server])
  if (!connection?.server || profiles.length === 0) return null
  const sendable = profiles.some((p) => p.secretHere && p.queued + p.open > 0)

  const sendNow = async () => {
    setBusy(true)
    setNotice(null)
    const result = await send()
    setBusy(false)
    if (!result.ok) return setNotice({ ok: false, text: result.message })
    const statuses = Object.entries(result.sent.byStatus)
      .map(([status, n]) => `${n} ${t(`status.${status}`, { defaultValue: status })}`)
      .join(', ')
    setNotice({
      ok: result.sent.inDoubt === 0,
      text: [
        statuses ? t('team.sent', { statuses }) : t('team.nothingReady'),
        result.sent.inDoubt > 0 ? t('team.inDoubt', { count: result.sent.inDoubt }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    })
  }

  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-sending">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('team.sendingTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('team.sendingHelp')}
        </Text>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('team.columns.profile')}</Table.Th>
              <Table.Th scope="col" className="num">
                {t('team.columns.ready')}
              </Table.Th>
              <Table.Th scope="col" className="num">
                {t('team.columns.open')}
              </Table.Th>
              <Table.Th scope="col">{t('team.columns.secretHere')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('team.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profiles.map((p) => (
              <Table.Tr key={p.id} data-team-profile={p.name}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {p.name}
                    </Text>
                    <MoneyBadge environment={p.environment} />
                  </Group>
                </Table.Td>
                <Table.Td className="num">{p.queued}</Table.Td>
                <Table.Td className="num">{p.open}</Table.Td>
                <Table.Td>{p.secretHere ? t('team.secretYes') : t('team.secretNo')}</Table.Td>
                <Table.Td>
                  {!p.secretHere && (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('team.keepSecretNamed', { profile: p.name })}
                      onClick={() => setKeeping(p)}
                    >
                      {t('team.keepSecret')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button onClick={() => void sendNow()} loading={busy} disabled={!sendable}>
            {t('team.send')}
          </Button>
        </Group>
        {notice && (
          <Alert
            color={notice.ok ? 'teal' : 'red'}
            role={notice.ok ? 'status' : 'alert'}
            data-testid="team-sent"
          >
            {notice.text}
          </Alert>
        )}
      </Stack>
      {keeping && (
        <TeamSecretDialog
          profile={keeping}
          onClose={(text) => {
            setKeeping(null)
            if (text) setNotice(text)
          }}
        />
      )}
    </Paper>
  )
}
