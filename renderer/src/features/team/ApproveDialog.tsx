import { Button, Group, ScrollArea, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../../../shared/money.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import type { ApprovalGroup } from './approval-groups.ts'
import { AppModal } from '../../components/AppModal.tsx'

/** How many payees the dialog lists before it says how many more: the total and count name them all. */
const LISTED = 200

/** Names what an approval approves before the owner says yes: the count, the total, test or real money. */
export function ApproveDialog({
  group,
  onCancel,
  onApprove,
}: {
  group: ApprovalGroup
  onCancel: () => void
  onApprove: () => void
}) {
  const { t, i18n } = useTranslation()
  const money = (minor: number) => formatMoney(minor, group.currency, i18n.language)
  const real = group.environment === 'production'
  return (
    <AppModal opened onClose={onCancel} title={t('team.dialogTitle')} size="lg">
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
        <ScrollArea.Autosize mah={280}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('team.columns.reference')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.payee')}</Table.Th>
                <Table.Th scope="col">{t('team.columns.account')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('team.columns.amount')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.payouts.slice(0, LISTED).map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.reference}</Table.Td>
                  <Table.Td>{p.beneficiaryName}</Table.Td>
                  <Table.Td>{p.accountNo}</Table.Td>
                  <Table.Td className="num money">{money(p.amountMinor)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {group.payouts.length > LISTED && (
          <Text size="sm" c="dimmed">
            {t('team.andMore', { count: group.payouts.length - LISTED })}
          </Text>
        )}
        <Text size="sm">{t('team.dialogHelp')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('team.keepWaiting')}
          </Button>
          <Button color={real ? 'red' : undefined} onClick={onApprove}>
            {t('team.confirm', { count: group.payouts.length })}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  )
}
