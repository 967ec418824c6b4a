import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttentionItem, AttentionSide } from '../../../../shared/ipc/attention-contract.ts'
import { Money } from '../../components/Money.tsx'

function Side({
  item,
  side,
  which,
}: {
  item: AttentionItem
  side: AttentionSide | null
  which: 'gateway' | 'ledger'
}) {
  const { t, i18n } = useTranslation()
  const headingId = useId()
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' })
  // The ledger's side speaks in Payout Desk's statuses; the gateway's in its own codes, shown as written
  // beside what they mean.
  const status =
    side?.status == null
      ? '—'
      : which === 'ledger'
        ? t(`status.${side.status}`, { defaultValue: side.status })
        : side.meaning
          ? `${t(`status.${side.meaning}`)} (${side.status})`
          : side.status
  const rows: [string, React.ReactNode][] = side
    ? [
        [which === 'gateway' ? t('attention.sides.gatewayStatus') : t('attention.sides.status'), status],
        [
          t('attention.sides.amount'),
          side.amountMinor === null ? '—' : <Money minor={side.amountMinor} currency={item.currency} />,
        ],
        ...(which === 'gateway' && side.amountText !== null
          ? [
              [t('attention.sides.amountText'), <span className="mono">{side.amountText}</span>] as [
                string,
                React.ReactNode,
              ],
            ]
          : []),
        [t('attention.sides.gatewayId'), side.gatewayId ?? '—'],
        [t('attention.sides.at'), side.at === null ? '—' : dateTime.format(side.at)],
        [t('attention.sides.source'), side.source ? t(`attention.sides.sources.${side.source}`) : '—'],
      ]
    : []
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      component="section"
      aria-labelledby={headingId}
      data-testid={`side-${which}`}
    >
      <Title order={4} id={headingId} mb={4}>
        {t(`attention.sides.${which}`)}
      </Title>
      {side ? (
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" fw={400} w={180}>
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">{t('attention.sides.nothing')}</Text>
      )}
    </Paper>
  )
}

/** What the gateway said beside what the ledger holds, for a person to weigh. */
export function DisagreementSides({ item }: { item: AttentionItem }) {
  const { t } = useTranslation()
  return (
    <SimpleGrid cols={2} role="group" aria-label={t('attention.sides.label')}>
      <Side item={item} side={item.gateway} which="gateway" />
      <Side item={item} side={item.ledger} which="ledger" />
    </SimpleGrid>
  )
}
