import { Table, Text, VisuallyHidden } from '@mantine/core'
import { useTranslation } from 'react-i18next'

interface Props {
  oldAccount: Record<string, string>
  newAccount: Record<string, string>
}

/**
 * The account a person was last paid at beside the one now given, every field that differs marked, so a
 * changed account is seen rather than skimmed (the classic "please pay my salary to this new account").
 */
export function AccountChange({ oldAccount, newAccount }: Props) {
  const { t } = useTranslation()
  const keys = [...new Set([...Object.keys(oldAccount), ...Object.keys(newAccount)])]
  const changed = new Set(keys.filter((k) => (oldAccount[k] ?? '') !== (newAccount[k] ?? '')))
  const label = (k: string) => t(`fields.${k}`, { defaultValue: k })
  return (
    <Table withTableBorder verticalSpacing={4} data-testid="account-change">
      <Table.Caption>{t('recipients.change.caption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('recipients.change.field')}</Table.Th>
          <Table.Th scope="col">{t('recipients.change.old')}</Table.Th>
          <Table.Th scope="col">{t('recipients.change.new')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((k) => (
          <Table.Tr key={k} className={changed.has(k) ? 'account-differs' : undefined}>
            <Table.Th scope="row">
              {label(k)}
              {changed.has(k) && <VisuallyHidden> ({t('recipients.change.differs')})</VisuallyHidden>}
            </Table.Th>
            <Table.Td className="mono" data-side="old">
              {oldAccount[k] || '—'}
            </Table.Td>
            <Table.Td className="mono" data-side="new">
              {newAccount[k] || '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/** The same in one line, for a table row with no room for more: "Last paid: 0002 · 0011 | This row: …". */
export function AccountChangeLine({ oldAccount, newAccount }: Props) {
  const { t } = useTranslation()
  const keys = Object.keys(oldAccount)
  const side = (account: Record<string, string>) => keys.map((k) => account[k] || '—').join(' · ')
  return (
    <Text size="xs" truncate data-testid="account-change">
      {t('recipients.change.lastPaid')} <span className="mono">{side(oldAccount)}</span>
      {' | '}
      {t('recipients.change.thisRow')}{' '}
      <Text span fw={700} size="xs" className="mono">
        {side(newAccount)}
      </Text>
    </Text>
  )
}
