import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ImportRowView, ImportView } from '../../../../shared/ipc/import-contract.ts'
import { Money } from '../../components/Money.tsx'
import { VirtualTable } from '../../components/VirtualTable.tsx'
import { useBatchImport } from './batch-import-store.ts'
import { issueText } from '../../../../shared/messages/import-issues.ts'
import { AccountChangeLine } from '../../components/AccountChange.tsx'
import { RecipientBadge } from '../recipients/RecipientBadge.tsx'

const ROW_HEIGHT = 64

interface Props {
  view: ImportView
  rows: ImportRowView[]
  onFix: (row: ImportRowView) => void
}

/** The file's rows, virtualized so a 100,000-row file scrolls as smoothly as a 10-row one. */
export function ImportRowsTable({ view, rows, onFix }: Props) {
  const { t, i18n } = useTranslation()
  const { removeRow, accept, busy } = useBatchImport()
  const name = Object.entries(view.mapping).find(([, target]) =>
    ['customerName', 'name', 'accountName'].includes(target ?? ''),
  )?.[0]
  // A changed account's new side, as the row's own cells give it, field by field.
  const accountOf = (row: ImportRowView) =>
    Object.fromEntries(
      Object.keys(row.recipient?.oldAccount ?? {}).map((field) => {
        const column = Object.entries(view.mapping).find(([, target]) => target === field)?.[0]
        return [field, (column && row.cells[column]?.trim()) || '']
      }),
    )
  const account = Object.entries(view.mapping).find(([, target]) =>
    ['bankAccountNo', 'bankNumber', 'accountNo'].includes(target ?? ''),
  )?.[0]

  return (
    <Paper withBorder radius="md">
      <VirtualTable
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        label={t('batch.rowsLabel')}
        testId="import-rows"
        gridClass="import-grid"
        columns={[
          { header: t('batch.columns.line') },
          { header: t('batch.columns.beneficiary') },
          { header: t('history.columns.amount'), className: 'num' },
          { header: t('batch.columns.check') },
          { header: <VisuallyHidden>{t('batch.columns.actions')}</VisuallyHidden> },
        ]}
        row={(index) => {
          const row = rows[index]
          if (!row) return null
          const problems = [...row.errors, ...row.warnings].map((i) => issueText(t, i, i18n.language))
          const change = row.warnings.find((w) => w.code === 'account_changed')
          return {
            key: row.line,
            props: { 'data-line': row.line },
            cells: [
              <Text key="line" size="sm" c="dimmed">
                {row.line}
              </Text>,
              <div key="who">
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" truncate>
                    {(name && row.cells[name]) || '—'}
                  </Text>
                  <RecipientBadge recipient={row.recipient} />
                </Group>
                <Text size="xs" c="dimmed" className="mono" truncate>
                  {(account && row.cells[account]) || ''}
                </Text>
              </div>,
              row.amountMinor !== null ? (
                <Money key="amount" minor={row.amountMinor} currency={view.currency} />
              ) : (
                '—'
              ),
              <div key="check">
                {row.errors.length > 0 ? (
                  <Tooltip label={problems.join(' · ')} multiline maw={420}>
                    <Text size="sm" c="red" truncate data-testid="row-error">
                      {problems.join(' · ')}
                    </Text>
                  </Tooltip>
                ) : row.warnings.length > 0 ? (
                  <Group gap={6} wrap="nowrap">
                    <Checkbox
                      size="xs"
                      checked={row.accepted}
                      aria-label={t('batch.acceptLine', { line: row.line })}
                      // Not disabled while busy: a disabled control drops keyboard focus to <body>.
                      onChange={(e) => !busy && void accept(row.line, e.currentTarget.checked)}
                    />
                    <div className="cell-fill" data-testid="row-warning">
                      <Text size="sm" c="orange" truncate>
                        {problems.join(' · ')}
                      </Text>
                      {change && row.recipient?.oldAccount && (
                        <AccountChangeLine
                          oldAccount={row.recipient.oldAccount}
                          newAccount={accountOf(row)}
                        />
                      )}
                    </div>
                  </Group>
                ) : (
                  <Badge color="green" variant="light">
                    {t('batch.ready')}
                  </Badge>
                )}
              </div>,
              <Group key="actions" gap={4} wrap="nowrap">
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => onFix(row)}
                  aria-label={t('batch.fixLine', { line: row.line })}
                >
                  {t('batch.fix')}
                </Button>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  disabled={busy}
                  aria-label={t('batch.removeLine', { line: row.line })}
                  onClick={() => void removeRow(row.line)}
                >
                  ✕
                </ActionIcon>
              </Group>,
            ],
          }
        }}
      />
    </Paper>
  )
}
