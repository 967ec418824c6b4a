import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { AppModal } from '../../components/AppModal.tsx'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportRowView, ImportView } from '../../../../shared/ipc/import-contract.ts'
import { useBatchImport } from './batch-import-store.ts'
import { issueText } from '../../../../shared/messages/import-issues.ts'
import { AccountChange } from '../../components/AccountChange.tsx'

/** Corrects one row's cells; main checks the whole file again, so duplicates are re-judged too. */
export function RowEditor({
  view,
  row,
  onClose,
}: {
  view: ImportView
  row: ImportRowView
  onClose: () => void
}) {
  const { t, i18n } = useTranslation()
  const { editRow, busy } = useBatchImport()
  const [cells, setCells] = useState<Record<string, string>>({ ...row.cells })
  // Show each problem under the column that holds its field.
  const columnOf = (target: string | null) =>
    Object.entries(view.mapping).find(([, t2]) => t2 === target)?.[0] ?? null
  const errorFor = (column: string) =>
    row.errors
      .filter((e) => columnOf(e.target) === column)
      .map((e) => issueText(t, e, i18n.language))
      .join(' · ') || null
  const columns = view.header.filter((column) => view.mapping[column])
  // The dialog opens on the first field with a problem (or the first field), never on its ✕.
  const first = columns.find((column) => errorFor(column) !== null) ?? columns[0]
  const save = async () => {
    if (!(await editRow(row.line, cells))) return
    // Stay open while the corrected row still has an error, now shown against the new values.
    const updated = useBatchImport.getState().view?.rows.find((r) => r.line === row.line)
    if (!updated || updated.errors.length === 0) onClose()
  }
  return (
    <AppModal
      opened
      onClose={onClose}
      title={t('batch.fixTitle', { line: row.line })}
      size="lg"
      returnFocus={false}
    >
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="sm">
          {columns.map((column) => (
            <TextInput
              key={column}
              data-autofocus={column === first ? true : undefined}
              label={column}
              description={t(`fields.${view.mapping[column] ?? ''}`, {
                defaultValue: t(`batch.targets.${view.mapping[column] ?? ''}`, { defaultValue: '' }),
              })}
              value={cells[column] ?? ''}
              error={errorFor(column)}
              onChange={(e) => {
                const value = e.currentTarget.value
                setCells((c) => ({ ...c, [column]: value }))
              }}
            />
          ))}
        </SimpleGrid>
        {row.warnings.length > 0 && (
          <Text size="sm" c="orange">
            {row.warnings.map((w) => issueText(t, w, i18n.language)).join(' · ')}
          </Text>
        )}
        {row.recipient?.kind === 'changed' && row.recipient.oldAccount && (
          <AccountChange
            oldAccount={row.recipient.oldAccount}
            newAccount={Object.fromEntries(
              Object.keys(row.recipient.oldAccount).map((field) => [
                field,
                cells[columnOf(field) ?? ''] ?? '',
              ]),
            )}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void save()}>
            {t('batch.saveRow')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  )
}
