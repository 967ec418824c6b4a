import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { PayoutStatus } from '../../../../shared/domain/payout-status.ts'
import { HISTORY_SORTS } from '../../../../shared/domain/history-sort.ts'
import { useProfileName } from '../../components/profile-name.ts'
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
  const profileName = useProfileName()
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
        data={profiles.map((p) => ({ value: p.id, label: profileName(p.name) }))}
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
      {(['from', 'to'] as const).map((end) => (
        <DatePickerInput
          key={end}
          label={t(`history.${end}`)}
          placeholder={t('history.anyDay')}
          value={filters[end] || null}
          onChange={(day) => setFilters(end === 'from' ? { from: day ?? '' } : { to: day ?? '' })}
          valueFormat={t('history.dayFormat')}
          clearable
          hideOutsideDates
          popoverProps={{ attributes: { dropdown: { 'aria-label': t(`history.${end}`) } } }}
          ariaLabels={{
            nextMonth: t('history.calendar.nextMonth'),
            previousMonth: t('history.calendar.previousMonth'),
            nextYear: t('history.calendar.nextYear'),
            previousYear: t('history.calendar.previousYear'),
            nextDecade: t('history.calendar.nextDecade'),
            previousDecade: t('history.calendar.previousDecade'),
          }}
          clearButtonProps={{ 'aria-label': t('history.clearDay', { label: t(`history.${end}`) }) }}
          w={170}
        />
      ))}
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
      <MultiSelect
        label={t('history.columns.status')}
        placeholder={filters.statuses.length ? undefined : t('history.any')}
        value={filters.statuses}
        data={FILTERABLE.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(v) => setFilters({ statuses: v })}
        clearable
        w={260}
      />
      <Button variant="subtle" onClick={() => setFilters(NO_FILTERS)}>
        {t('history.clearFilters')}
      </Button>
    </Group>
  )
}
