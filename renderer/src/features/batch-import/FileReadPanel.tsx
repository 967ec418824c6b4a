import { Alert, Checkbox, Group, Select, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ImportView } from '../../../../shared/ipc/import-contract.ts'
import { useBatchImport } from './batch-import-store.ts'

/**
 * How main read the file: which sheet (with a picker when several hold payouts), which row was the
 * header, how many hidden rows were left out, and the file-wide reading of "1.500.000" amounts that the
 * person must confirm before anything can be sent.
 */
export function FileReadPanel({ view }: { view: ImportView }) {
  const { t } = useTranslation()
  const { chooseSheet, accept, busy } = useBatchImport()
  const { source, thousandsDot } = view
  return (
    <Stack gap="xs" mt="sm">
      <Group gap="md" data-testid="import-source">
        <Text size="sm">
          {source.sheet === null
            ? t('batch.sourceCsv', { encoding: source.encoding ?? '', line: source.headerLine })
            : t('batch.sourceSheet', { sheet: source.sheet, line: source.headerLine })}
        </Text>
        {source.hiddenRows > 0 && (
          <Text size="sm" c="orange.8" data-testid="hidden-rows">
            {t('batch.hiddenRows', { count: source.hiddenRows })}
          </Text>
        )}
      </Group>
      {source.sheets.length > 1 && source.sheet !== null && (
        <Group align="flex-end" gap="sm">
          <Select
            label={t('batch.sheetPicker')}
            value={source.sheet}
            data={source.sheets}
            allowDeselect={false}
            disabled={busy}
            onChange={(sheet) => sheet && sheet !== source.sheet && void chooseSheet(sheet)}
          />
          <Text size="sm" c="dimmed">
            {t('batch.sheetPickerHelp')}
          </Text>
        </Group>
      )}
      {thousandsDot && (
        <Alert color="orange" title={t('batch.thousandsDotTitle')} data-testid="thousands-dot">
          <Stack gap="xs">
            <Text size="sm">{t('batch.thousandsDotBody', thousandsDot)}</Text>
            <Checkbox
              label={t('batch.thousandsDotAccept')}
              checked={thousandsDot.confirmed}
              disabled={busy}
              onChange={(e) => void accept('thousands-dot', e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
    </Stack>
  )
}
