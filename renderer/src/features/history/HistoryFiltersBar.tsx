import { Button, Chip, Group, Select, TextInput } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import { HISTORY_SORTS } from '../../../../shared/domain/history-sort.ts'
import { useProfiles } from '../profiles/profiles-store.ts'
import { NO_FILTERS, useHistory } from './history-store.ts'

const FILTERABLE: PayoutStatus[] = [
  'processing',
  'unknown',
  'needs_review',
  'succeeded',
  'failed',
  'rejected',
]

export function HistoryFiltersBar() {
  const { t, i18n } = useTranslation()
  const { filters, setFilters, batches, loadBatches } = useHistory()
  const { profiles, load } = useProfiles()
  useEffect(() => {
    void load()
    void loadBatches()
  }, [load, loadBatches])
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label={t('history.search')}
        placeholder={t('history.searchHint')}
        value={filters.search}
        onChange={(e) => setFilters({ search: e.currentTarget.value })}
        w={260}
      />
      <Select
        label={t('history.columns.profile')}
        placeholder={t('history.any')}
        clearable
        value={filters.profileId}
        data={profiles.map((p) => ({ value: p.id, label: p.name }))}
        onChange={(profileId) => setFilters({ profileId })}
        w={220}
      />
      <Select
        label={t('history.batch')}
        placeholder={t('history.any')}
        clearable
        searchable
        value={filters.batchId}
        data={batches.map((b) => ({
          value: b.id,
          label: `${b.fileName ?? t('history.batch')} · ${date.format(b.createdAt)}`,
        }))}
        onChange={(batchId) => setFilters({ batchId })}
        onDropdownOpen={() => void loadBatches()}
        w={240}
      />
      <TextInput
        type="date"
        label={t('history.from')}
        value={filters.from}
        onChange={(e) => setFilters({ from: e.currentTarget.value })}
        w={150}
      />
      <TextInput
        type="date"
        label={t('history.to')}
        value={filters.to}
        onChange={(e) => setFilters({ to: e.currentTarget.value })}
        w={150}
      />
      <TextInput
        label={t('history.minAmount')}
        value={filters.minAmount}
        onChange={(e) => setFilters({ minAmount: e.currentTarget.value })}
        inputMode="decimal"
        w={120}
      />
      <TextInput
        label={t('history.maxAmount')}
        value={filters.maxAmount}
        onChange={(e) => setFilters({ maxAmount: e.currentTarget.value })}
        inputMode="decimal"
        w={120}
      />
      <Select
        label={t('history.sort')}
        value={filters.sort}
        allowDeselect={false}
        data={HISTORY_SORTS.map((s) => ({ value: s, label: t(`history.sorts.${s}`) }))}
        onChange={(sort) => sort && setFilters({ sort: sort })}
        w={170}
      />
      <Chip.Group multiple value={filters.statuses} onChange={(v) => setFilters({ statuses: v })}>
        <Group gap={6} aria-label={t('history.columns.status')}>
          {FILTERABLE.map((s) => (
            <Chip key={s} value={s} size="sm">
              {t(`status.${s}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Button variant="subtle" onClick={() => setFilters(NO_FILTERS)}>
        {t('history.clearFilters')}
      </Button>
    </Group>
  )
}
