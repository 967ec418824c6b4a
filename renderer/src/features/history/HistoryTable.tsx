import { Checkbox, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { Money } from '../../components/Money.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { VirtualTable } from '../../components/VirtualTable.tsx'
import { useHistory } from './history-store.ts'

const ROW_HEIGHT = 56

/**
 * The ledger as one scrolling table: only the rows on screen are in the page, and the next keyset page is
 * asked for as the end comes near, so a million payouts scroll like a hundred. One Tab stop; Up/Down
 * move between rows, Enter opens the details, Space selects.
 */
export function HistoryTable() {
  const { t, i18n } = useTranslation()
  const profileName = useProfileName()
  const { rows, nextCursor, loading, loadMore, selected, toggle, open } = useHistory()
  const nearEnd = useCallback(
    (lastIndex: number) => {
      if (nextCursor && !loading && lastIndex >= rows.length - 20) void loadMore()
    },
    [rows.length, nextCursor, loading, loadMore],
  )
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })

  return (
    <Paper withBorder radius="md">
      <VirtualTable
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        label={t('history.title')}
        testId="history-table"
        gridClass="history-grid"
        navigableRows
        onRange={nearEnd}
        columns={[
          { header: <VisuallyHidden>{t('history.columns.select')}</VisuallyHidden> },
          { header: t('history.columns.created') },
          { header: t('history.columns.beneficiary') },
          { header: t('history.columns.reference') },
          { header: t('history.columns.profile') },
          { header: t('history.columns.amount'), className: 'num' },
          { header: t('history.columns.status') },
        ]}
        row={(index) => {
          const row = rows[index]
          if (!row) return null
          return {
            key: row.id,
            props: {
              'data-clickable': true,
              'data-reference': row.reference,
              'aria-selected': selected.has(row.id),
              onClick: () => open(row.id),
              onKeyDown: (e) => {
                if (e.target !== e.currentTarget) return
                if (e.key === 'Enter') open(row.id)
                if (e.key === ' ') {
                  e.preventDefault()
                  toggle(row.id)
                }
              },
            },
            cells: [
              <Checkbox
                key="select"
                size="xs"
                checked={selected.has(row.id)}
                aria-label={t('history.select', { reference: row.reference })}
                onClick={(e) => e.stopPropagation()}
                onChange={() => toggle(row.id)}
                tabIndex={-1}
              />,
              <Text key="created" size="sm">
                {dateTime.format(row.createdAt)}
              </Text>,
              <Stack key="who" gap={0}>
                <Text size="sm" truncate>
                  {row.beneficiaryName}
                </Text>
                <Text size="xs" c="dimmed" className="mono" truncate>
                  {row.accountNo}
                </Text>
              </Stack>,
              <Text key="reference" size="xs" className="mono" truncate>
                {row.reference}
              </Text>,
              <Group key="profile" gap={6} wrap="nowrap">
                <Text size="sm" truncate>
                  {profileName(row.profileName)}
                </Text>
                <MoneyBadge environment={row.environment} size="xs" />
              </Group>,
              <Money key="amount" minor={row.amountMinor} currency={row.currency} />,
              <StatusBadge key="status" status={row.status} />,
            ],
          }
        }}
      />
    </Paper>
  )
}
