import { Alert, Button, Group, List, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { noteKinds, notedToName } from '../../../../shared/domain/approval-notes.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { VirtualTable } from '../../components/VirtualTable.tsx'
import type { ApprovalGroup } from './approval-groups.ts'
import { notesText } from './approval-notes.ts'
import { AppModal } from '../../components/AppModal.tsx'

const ROW_HEIGHT = 36
/** At least this many payouts are named above the list (every serious one is); the Look at column names them all. */
const NOTED_SHOWN = 5

/**
 * Names what an approval approves, or a refusal refuses, before the owner says yes: the count, the total,
 * test or real money, and every payout with what the book notes of it.
 */
export function ApproveDialog({
  group,
  decision = 'approve',
  onCancel,
  onApprove,
}: {
  group: ApprovalGroup
  decision?: 'approve' | 'refuse'
  onCancel: () => void
  onApprove: () => void
}) {
  const refusing = decision === 'refuse'
  const { t, i18n } = useTranslation()
  const money = (minor: number) => formatMoney(minor, group.currency, i18n.language)
  const real = group.environment === 'production'
  const noted = group.payouts.filter((p) => p.notes.length > 0)
  const named = notedToName(group.payouts, NOTED_SHOWN)
  return (
    <AppModal
      opened
      onClose={onCancel}
      title={t(refusing ? 'team.refuseDialogTitle' : 'team.dialogTitle')}
      size="xl"
    >
      <Stack gap="sm">
        <Group gap="xs">
          <MoneyBadge environment={group.environment} />
          <Text fw={600} data-testid="approve-summary">
            {t(real ? 'team.dialogSummaryReal' : 'team.dialogSummaryTest', {
              count: group.payouts.length,
              total: money(group.totalMinor),
              profile: group.profile,
              by: group.preparedBy.join(', '),
            })}
          </Text>
        </Group>
        {noted.length > 0 && (
          // Whoever prepared them may have accepted a payee's new account or a repeat, or written them
          // where nobody asks: the owner's look is the one by another person.
          <Alert
            color="orange"
            title={t('team.lookFirst', { count: noted.length })}
            data-testid="approve-notes"
          >
            <Text size="sm" data-testid="approve-note-kinds">
              {noteKinds(noted)
                .map(([kind, count]) => t(`team.kinds.${kind}`, { count }))
                .join(i18n.language === 'zh-CN' ? '；' : '; ')}
            </Text>
            <List size="sm">
              {named.map((p) => (
                <List.Item key={p.id}>
                  {p.reference}: {notesText(t, i18n.language, p)}
                </List.Item>
              ))}
            </List>
            {noted.length > named.length && (
              <Text size="sm">{t('team.lookFirstMore', { count: noted.length - named.length })}</Text>
            )}
          </Alert>
        )}
        {/* Every payout it approves is listed: what is not shown here is not approved by looking. */}
        <VirtualTable
          count={group.payouts.length}
          rowHeight={ROW_HEIGHT}
          label={t('team.payeesLabel', { count: group.payouts.length })}
          testId="approve-payees"
          gridClass="approve-grid"
          // Read from the keyboard too: the list is one Tab stop, its rows walked with the arrow keys.
          navigableRows
          columns={[
            { header: t('team.columns.reference') },
            { header: t('team.columns.payee') },
            { header: t('team.columns.bank') },
            { header: t('team.columns.account') },
            { header: t('team.columns.amount'), className: 'num' },
            { header: t('team.columns.lookAt') },
          ]}
          row={(index) => {
            const p = group.payouts[index]
            if (!p) return null
            return {
              key: p.id,
              props: { 'data-reference': p.reference },
              cells: [
                p.reference,
                p.beneficiaryName,
                p.bank,
                p.accountNo,
                <span key="amount" className="money">
                  {money(p.amountMinor)}
                </span>,
                <span key="notes" className="approve-note" title={notesText(t, i18n.language, p)}>
                  {notesText(t, i18n.language, p)}
                </span>,
              ],
            }
          }}
        />
        <Text size="sm">{t(refusing ? 'team.refuseDialogHelp' : 'team.dialogHelp')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('team.keepWaiting')}
          </Button>
          <Button color={real || refusing ? 'red' : undefined} onClick={onApprove}>
            {t(refusing ? 'team.refuseConfirm' : 'team.confirm', { count: group.payouts.length })}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  )
}
