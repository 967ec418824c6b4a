import {
  Alert,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TeamHistoryPage, TeamHistoryRowView } from '../../../../shared/ipc/team-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { errorMessage, unwrap } from '../../api/call.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { payAgainOnTeam } from '../new-payout/pay-again.ts'
import { useTeam } from './team-store.ts'
import { TeamStatus, TeamStoryDrawer } from './TeamStoryDrawer.tsx'

/**
 * History, on the team ledger: the book every desk of the team shares, with who prepared and who approved
 * each payout. When the server cannot be reached it is this computer's last copy, read-only, and says so.
 */
export function TeamHistoryPanel() {
  const { t, i18n } = useTranslation()
  const { connection, loadConnection } = useTeam()
  const [search, setSearch] = useState('')
  const [page, setPage] = useState<TeamHistoryPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [storyOf, setStoryOf] = useState<TeamHistoryRowView | null>(null)
  const load = useCallback(
    async (after?: TeamHistoryPage['next']) => {
      try {
        const next = await unwrap(
          window.api.listTeamHistory({ ...(search ? { search } : {}), ...(after ? { after } : {}) }),
        )
        setPage((shown) => (after && shown ? { ...next, rows: [...shown.rows, ...next.rows] } : next))
        setError(null)
      } catch (e) {
        setError(errorMessage(e))
      }
    },
    [search],
  )
  useEffect(() => {
    void loadConnection()
  }, [loadConnection])
  useEffect(() => {
    if (!connection?.server) return
    // Typing a search asks once the person pauses, not at every key.
    const asked = setTimeout(() => void load(), search ? 300 : 0)
    return () => clearTimeout(asked)
  }, [connection?.server, load, search])
  if (!connection?.server) return null

  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-history">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('team.historyTitle')}
        </Title>
        {page?.offline && (
          <Alert color="yellow" role="status" data-testid="team-offline">
            {page.offline.copiedAt === null
              ? t('team.offlineUnknown')
              : t('team.offline', { at: new Date(page.offline.copiedAt).toLocaleString(i18n.language) })}
          </Alert>
        )}
        <TextInput
          label={t('team.historySearch')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maw={360}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {page && page.rows.length === 0 && (
          <Text size="sm" c="dimmed" role="status">
            {t('team.historyEmpty')}
          </Text>
        )}
        {page && page.rows.length > 0 && (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('team.columns.reference')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.profile')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('team.columns.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('team.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.preparedBy')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.approvedBy')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.written')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('team.columns.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.rows.map((r) => (
                <Table.Tr key={r.id} data-team-reference={r.reference}>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-label={t('team.story.open', { reference: r.reference })}
                      onClick={() => setStoryOf(r)}
                    >
                      {r.reference}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {r.profile}
                      <MoneyBadge environment={r.environment} size="xs" />
                    </Group>
                  </Table.Td>
                  <Table.Td className="num money">
                    {formatMoney(r.amountMinor, r.currency, i18n.language)}
                  </Table.Td>
                  <Table.Td>
                    <TeamStatus status={r.status} />
                  </Table.Td>
                  <Table.Td>{r.preparedBy}</Table.Td>
                  <Table.Td>{r.approvedBy ?? ''}</Table.Td>
                  <Table.Td>{new Date(r.createdAt).toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td>
                    {/* Only a paid payout: one that did not pay is paid again by Pay it again, which asks first. */}
                    {r.status === 'succeeded' && !page.offline && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        aria-label={t('team.payAgainOf', { reference: r.reference })}
                        onClick={() => void payAgainOnTeam(r.id).then(setError)}
                      >
                        {t('recipients.payAgain')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {page?.next && (
          <Group>
            <Button variant="default" onClick={() => void load(page.next)}>
              {t('team.historyMore')}
            </Button>
          </Group>
        )}
      </Stack>
      <TeamStoryDrawer row={storyOf} onClose={() => setStoryOf(null)} />
    </Paper>
  )
}
