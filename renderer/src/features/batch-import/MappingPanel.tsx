import { Paper, Select, SimpleGrid, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ImportView } from '../../../../shared/ipc/import-contract.ts'
import { useBatchImport } from './batch-import-store.ts'

/** Which column is which. Matched from the headers; the person's corrections are kept for the profile. */
export function MappingPanel({ view }: { view: ImportView }) {
  const { t } = useTranslation()
  const { remap, busy } = useBatchImport()
  const targetLabel = (key: string) =>
    t(`batch.targets.${key}`, { defaultValue: t(`fields.${key}`, { defaultValue: key }) })
  const mapped = new Set(Object.values(view.mapping))
  const missing = view.targets.filter((target) => target.required && !mapped.has(target.key))
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={4} mb={4}>
        {t('batch.mapping')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('batch.mappingHelp')}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {view.header.map((column) => (
          <Select
            key={column}
            label={column || t('batch.unnamedColumn')}
            value={view.mapping[column] ?? '__ignore'}
            disabled={busy}
            allowDeselect={false}
            data={[
              { value: '__ignore', label: t('batch.ignore') },
              ...view.targets.map((target) => ({ value: target.key, label: targetLabel(target.key) })),
            ]}
            onChange={(v) => void remap(column, v === '__ignore' || v === null ? null : v)}
          />
        ))}
      </SimpleGrid>
      {view.ignored.length > 0 && (
        <Text size="sm" c="dimmed" mt="sm" data-testid="ignored-columns">
          {t('batch.ignoredColumns', { columns: view.ignored.join(', ') })}
        </Text>
      )}
      {missing.length > 0 && (
        <Text size="sm" c="red" mt="sm" data-testid="mapping-missing">
          {t('batch.unmapped', { fields: missing.map((m) => targetLabel(m.key)).join(', ') })}
        </Text>
      )}
    </Paper>
  )
}
