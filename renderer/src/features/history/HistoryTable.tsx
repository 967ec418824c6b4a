import { Badge, Checkbox, Group, Paper, Text } from '@mantine/core'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { Money } from '../../components/Money.tsx'
import { VirtualRows } from '../../components/VirtualRows.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { useHistory } from './history-store.ts'

const ROW_HEIGHT = 52

/**
 * The ledger as one scrolling table: only the rows on screen are in the page, and the next keyset page is
 * asked for as the end comes near, so a million payouts scroll like a hundred.
 */
export function HistoryTable() {
  const { t, i18n } = useTranslation()
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
      <div className="vtable-head history-grid" role="row">
        <span />
        <span role="columnheader">{t('history.columns.created')}</span>
        <span role="columnheader">{t('history.columns.beneficiary')}</span>
        <span role="columnheader">{t('history.columns.account')}</span>
        <span role="columnheader">{t('history.columns.reference')}</span>
        <span role="columnheader">{t('history.columns.profile')}</span>
        <span role="columnheader" className="num">
          {t('history.columns.amount')}
        </span>
        <span role="columnheader">{t('history.columns.status')}</span>
      </div>
      <VirtualRows
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        label={t('history.title')}
        testId="history-table"
        onRange={nearEnd}
        renderRow={(index, style) => {
          const row = rows[index]
          if (!row) return null
          return (
            <div
              key={row.id}
              role="row"
              tabIndex={0}
              data-clickable
              data-reference={row.reference}
              aria-selected={selected.has(row.id)}
              className="vtable-row history-grid"
              style={style}
              onClick={() => open(row.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') open(row.id)
                if (e.key === ' ') {
                  e.preventDefault()
                  toggle(row.id)
                }
              }}
            >
              <Checkbox
                size="xs"
                checked={selected.has(row.id)}
                aria-label={t('history.select', { reference: row.reference })}
                onClick={(e) => e.stopPropagation()}
                onChange={() => toggle(row.id)}
                tabIndex={-1}
              />
              <Text size="sm">{dateTime.format(row.createdAt)}</Text>
              <Text size="sm" truncate>
                {row.beneficiaryName}
              </Text>
              <Text size="sm" className="mono" truncate>
                {row.accountNo}
              </Text>
              <Text size="xs" className="mono" truncate>
                {row.reference}
              </Text>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" truncate>
                  {row.profileName}
                </Text>
                {row.environment === 'sandbox' && (
                  <Badge size="xs" variant="outline" color="gray">
                    {t('history.sandbox')}
                  </Badge>
                )}
              </Group>
              <div className="num">
                <Money minor={row.amountMinor} currency={row.currency} />
              </div>
              <StatusBadge status={row.status} />
            </div>
          )
        }}
      />
    </Paper>
  )
}
