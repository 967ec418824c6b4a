import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamProfileView } from '../../../../shared/ipc/team-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { AppModal } from '../../components/AppModal.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { TeamSecretDialog } from './TeamSecretDialog.tsx'
import { useTeam } from './team-store.ts'

/**
 * Sending on the team ledger from this computer: what is ready per team profile, whether this computer
 * holds its secret, and one Send for all it can. A profile without its secret here is left to a computer
 * that has it; keeping it here takes the secret the owner set (the team ledger knows its check).
 */
export function TeamSendingPanel() {
  const { t, i18n } = useTranslation()
  const { connection, profiles, loadProfiles, send, refresh } = useTeam()
  const [busy, setBusy] = useState(false)
  const [keeping, setKeeping] = useState<TeamProfileView | null>(null)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const [confirming, setConfirming] = useState(false)
  useEffect(() => {
    void loadProfiles()
  }, [loadProfiles, connection?.server])
  if (!connection?.server || profiles.length === 0) return null
  const sendable = profiles.some((p) => p.secretHere && p.queued + p.open > 0)
  // What Send takes from this computer: the ready payouts of the profiles whose secret is here.
  const leaving = profiles.filter((p) => p.secretHere && p.queued > 0)
  const leavingCount = leaving.reduce((n, p) => n + p.queued, 0)
  const asking = profiles.filter((p) => p.secretHere).reduce((n, p) => n + p.open, 0)

  const statusWords = (byStatus: Record<string, number>) =>
    Object.entries(byStatus)
      .map(([status, n]) => `${n} ${t(`status.${status}`, { defaultValue: status })}`)
      .join(', ')
  const checkNow = async () => {
    setBusy(true)
    setNotice(null)
    const result = await refresh()
    setBusy(false)
    if (!result.ok) return setNotice({ ok: false, text: result.message })
    const { asked, unanswered, byStatus } = result.refreshed
    setNotice({
      ok: unanswered === 0,
      text:
        asked === 0
          ? t('team.refreshedNone')
          : [
              t('team.refreshed', { count: asked, statuses: statusWords(byStatus) }),
              unanswered > 0 ? t('team.refreshedUnanswered', { count: unanswered }) : '',
            ]
              .filter(Boolean)
              .join(' '),
    })
  }
  const checkable = profiles.some((p) => p.secretHere && p.open > 0)

  const sendNow = async () => {
    setConfirming(false)
    setBusy(true)
    setNotice(null)
    const result = await send()
    setBusy(false)
    if (!result.ok) return setNotice({ ok: false, text: result.message })
    const statuses = statusWords(result.sent.byStatus)
    const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' })
    setNotice({
      ok: result.sent.inDoubt === 0 && result.sent.heldElsewhere.length === 0,
      text: [
        statuses ? t('team.sent', { statuses }) : t('team.nothingReady'),
        result.sent.inDoubt > 0 ? t('team.inDoubt', { count: result.sent.inDoubt }) : '',
        ...result.sent.heldElsewhere.map((h) =>
          t(h.thisComputer ? 'team.heldHere' : 'team.heldElsewhere', {
            count: h.waiting,
            profile: h.profile,
            person: h.person,
            computer: h.computer,
            until: time.format(h.until),
          }),
        ),
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
          <Button onClick={() => setConfirming(true)} loading={busy} disabled={!sendable}>
            {t('team.send')}
          </Button>
          <Button variant="default" onClick={() => void checkNow()} disabled={busy || !checkable}>
            {t('team.refresh')}
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
      <AppModal opened={confirming} onClose={() => setConfirming(false)} title={t('team.sendTitle')}>
        <Stack gap="sm">
          <Stack gap={4} data-testid="team-send-summary">
            {leaving.map((p) => (
              <Group key={p.id} gap="xs" data-team-leaving={p.name}>
                <MoneyBadge environment={p.environment} />
                <Text size="sm">
                  {t('team.sendLine', {
                    count: p.queued,
                    total: formatMoney(p.queuedMinor, p.currency, i18n.language),
                    profile: p.name,
                  })}
                </Text>
              </Group>
            ))}
            {asking > 0 && <Text size="sm">{t('team.sendAsking', { count: asking })}</Text>}
          </Stack>
          <Text size="sm" c="dimmed">
            {t('team.sendHelp')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('team.sendNotYet')}
            </Button>
            <Button
              color={leaving.some((p) => p.environment === 'production') ? 'red' : undefined}
              onClick={() => void sendNow()}
            >
              {leavingCount > 0 ? t('team.sendConfirm', { count: leavingCount }) : t('team.sendAskOnly')}
            </Button>
          </Group>
        </Stack>
      </AppModal>
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
