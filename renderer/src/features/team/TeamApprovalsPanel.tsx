import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../../../shared/money.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { throttled } from '../../api/throttled.ts'
import { ApproveDialog } from './ApproveDialog.tsx'
import { approvalGroups, type ApprovalGroup } from './approval-groups.ts'
import { useTeam } from './team-store.ts'

/**
 * Needs your decision, on a team ledger: what went over a profile's limit and waits for an owner. Only an
 * owner approves, never what she prepared herself; the team ledger refuses both, and this panel offers
 * neither. An owner refuses what waits, her own too: it is never paid.
 */
export function TeamApprovalsPanel() {
  const { t, i18n } = useTranslation()
  const { connection, approvals, error, loadApprovals, approve, refuse } = useTeam()
  const [asking, setAsking] = useState<{ group: ApprovalGroup; decision: 'approve' | 'refuse' } | null>(null)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    void loadApprovals()
    return window.api.onPayoutsChanged(throttled(() => void loadApprovals()))
  }, [loadApprovals])
  if (!connection?.server) return null
  const groups = approvalGroups(approvals?.payouts ?? [])
  const money = (g: ApprovalGroup) => formatMoney(g.totalMinor, g.currency, i18n.language)
  const lookAt = (g: ApprovalGroup) => g.payouts.filter((p) => p.notes.length > 0).length
  const mine = (g: ApprovalGroup) => approvals !== null && g.preparedBy.includes(approvals.me)
  const what = (g: ApprovalGroup) =>
    g.batchId
      ? t('team.batch', { name: g.batchId.slice(0, 8) })
      : `${g.payouts[0]?.reference ?? ''} · ${g.payouts[0]?.beneficiaryName ?? ''}`

  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-approvals">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('team.approvalsTitle', { count: groups.length })}
        </Title>
        <Text size="sm" c="dimmed">
          {approvals?.owner === false ? t('team.approvalsHelpBookkeeper') : t('team.approvalsHelp')}
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {notice && (
          <Text size="sm" role={notice.ok ? 'status' : 'alert'} c={notice.ok ? undefined : 'red'}>
            {notice.text}
          </Text>
        )}
        {groups.length > 0 && (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('team.columns.what')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.preparedBy')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('team.columns.count')}
                </Table.Th>
                <Table.Th scope="col" className="num">
                  {t('team.columns.total')}
                </Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('team.columns.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => (
                <Table.Tr key={g.key} data-waiting={g.batchId?.slice(0, 8) ?? g.payouts[0]?.reference}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {what(g)}
                      </Text>
                      <MoneyBadge environment={g.environment} />
                    </Group>
                    <Text size="xs" c="dimmed">
                      {g.profile}
                    </Text>
                    {lookAt(g) > 0 && (
                      <Text size="xs" fw={600} data-testid="waiting-look-at">
                        {t('team.toLookAt', { count: lookAt(g) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{g.preparedBy.join(', ')}</Table.Td>
                  <Table.Td className="num">{g.payouts.length}</Table.Td>
                  <Table.Td className="num money">{money(g)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {approvals?.owner && !mine(g) ? (
                        <Button
                          size="xs"
                          aria-label={t('team.approveNamed', { what: what(g) })}
                          onClick={() => {
                            setNotice(null)
                            setAsking({ group: g, decision: 'approve' })
                          }}
                        >
                          {t('team.approve')}
                        </Button>
                      ) : (
                        <Text size="xs" c="dimmed">
                          {approvals?.owner ? t('team.yoursToOthers') : t('team.ownersApprove')}
                        </Text>
                      )}
                      {approvals?.owner && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('team.refuseNamed', { what: what(g) })}
                          onClick={() => {
                            setNotice(null)
                            setAsking({ group: g, decision: 'refuse' })
                          }}
                        >
                          {t('team.refuse')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {asking && (
        <ApproveDialog
          group={asking.group}
          decision={asking.decision}
          onCancel={() => setAsking(null)}
          onApprove={() => {
            const { group: g, decision } = asking
            setAsking(null)
            const done = decision === 'approve' ? 'team.approved' : 'team.refused'
            void (decision === 'approve' ? approve(g) : refuse(g)).then((problem) =>
              setNotice(
                problem
                  ? { ok: false, text: problem }
                  : { ok: true, text: t(done, { count: g.payouts.length, total: money(g) }) },
              ),
            )
          }}
        />
      )}
    </Paper>
  )
}
