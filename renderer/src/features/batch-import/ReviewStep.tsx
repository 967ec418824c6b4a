import { Alert, Button, Checkbox, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { formatDecimalMoney, formatMoney } from '../../../../shared/money.ts'
import { EnvironmentBand } from '../../components/EnvironmentBand.tsx'
import { AppModal } from '../../components/AppModal.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useBatchImport } from './batch-import-store.ts'
import { importCounts } from './import-counts.ts'
import { FileReadPanel } from './FileReadPanel.tsx'
import { ImportRowsTable } from './ImportRowsTable.tsx'
import { MappingPanel } from './MappingPanel.tsx'
import { RowEditor } from './RowEditor.tsx'

type Show = 'all' | 'attention'

export function ReviewStep({ profile }: { profile: Pick<ProfileView, 'name' | 'environment'> }) {
  const { t, i18n } = useTranslation()
  const { view, balance, accept, confirmAndSend, startOver, busy } = useBatchImport()
  const [show, setShow] = useState<Show>('attention')
  const [fixing, setFixing] = useState<number | null>(null)
  const [confirming, setConfirming] = useState(false)
  const summary = useRef<HTMLDivElement>(null)
  // Fixing, removing or accepting a row can take it (and the control that had focus) off the list:
  // focus then goes to the counts, which say what changed, instead of falling to <body>.
  useEffect(() => {
    if (document.activeElement === document.body) summary.current?.focus()
  }, [view])
  const closeEditor = (line: number) => {
    setFixing(null)
    // Back to the row's Fix button, or to the counts when the fixed row has left the list.
    requestAnimationFrame(() => {
      const fixButton = document.querySelector<HTMLElement>(`[data-line="${line}"] button`)
      ;(fixButton ?? summary.current)?.focus()
    })
  }
  if (!view) return null
  const money = (minor: number) => formatMoney(minor, view.currency, i18n.language)
  const needsLook = view.rows.filter((r) => r.errors.length > 0 || (r.warnings.length > 0 && !r.accepted))
  const rows = show === 'attention' && needsLook.length > 0 ? needsLook : view.rows
  const available = balance?.balance?.availableMinor ?? null
  const short = available !== null && available < view.totalMinor
  const unconfirmedStyle = view.thousandsDot !== null && !view.thousandsDot.confirmed
  const blocked =
    unconfirmedStyle ||
    view.invalid > 0 ||
    view.unaccepted > 0 ||
    (view.previousImport !== null && !view.repeatAccepted)
  const fixingRow = view.rows.find((r) => r.line === fixing) ?? null
  // On the team ledger nothing leaves from here: the file is written, and a desk with the secret sends it.
  const team = view.ledger === 'team'

  return (
    <Stack gap="md">
      <MappingPanel view={view} />
      <Paper
        withBorder
        p="lg"
        radius="md"
        data-testid="import-summary"
        ref={summary}
        tabIndex={-1}
        data-focus-target
      >
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>{view.fileName}</Text>
              <MoneyBadge environment={profile.environment} />
            </Group>
            <Text size="sm" role="status" data-testid="import-counts">
              {importCounts(t, view)}
            </Text>
          </Stack>
          <Stack gap={2} align="flex-end">
            <Text size="sm" c="dimmed">
              {t('batch.totalOfValid')}
            </Text>
            <Text size="xl" fw={800} className="money" data-testid="import-total">
              {money(view.totalMinor)}
            </Text>
            <Text size="sm" c={short ? 'red' : 'dimmed'} data-testid="balance-check">
              {team
                ? t('batch.balanceTeam')
                : available !== null && balance?.balance
                  ? t(short ? 'batch.balanceShort' : 'batch.balanceOk', {
                      balance: formatDecimalMoney(
                        balance.balance.availableDecimal,
                        view.currency,
                        i18n.language,
                      ),
                      at: new Intl.DateTimeFormat(i18n.language, {
                        timeStyle: 'short',
                        dateStyle: 'short',
                      }).format(balance.balance.fetchedAt),
                    })
                  : t('batch.balanceUnknown', { problem: balance?.problem ?? '' })}
            </Text>
          </Stack>
        </Group>
        <FileReadPanel view={view} />
      </Paper>
      {view.previousImport && (
        <Alert color="orange" title={t('batch.repeatTitle')}>
          <Stack gap="xs">
            <Text size="sm">
              {t('batch.repeatBody', {
                at: new Intl.DateTimeFormat(i18n.language, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                }).format(view.previousImport.at),
              })}
            </Text>
            <Checkbox
              label={t('batch.repeatAccept')}
              checked={view.repeatAccepted}
              onChange={(e) => void accept('file', e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
      <Group justify="space-between">
        <SegmentedControl
          value={show}
          onChange={(v) => setShow(v)}
          data={[
            { value: 'attention', label: t('batch.showAttention', { count: needsLook.length }) },
            { value: 'all', label: t('batch.showAll', { count: view.rows.length }) },
          ]}
        />
        <Group>
          <Button variant="default" onClick={() => void startOver()}>
            {t('batch.startOver')}
          </Button>
          <Button size="md" disabled={blocked || busy} onClick={() => setConfirming(true)}>
            {t(team ? 'batch.reviewWrite' : 'batch.reviewSend', { count: view.valid })}
          </Button>
        </Group>
      </Group>
      {blocked && (
        <Text size="sm" c="dimmed" data-testid="blocked-reason">
          {unconfirmedStyle
            ? t('batch.blockedThousandsDot')
            : view.invalid > 0
              ? t('batch.blockedErrors', { count: view.invalid })
              : view.unaccepted > 0
                ? t('batch.blockedWarnings', { count: view.unaccepted })
                : t('batch.blockedRepeat')}
        </Text>
      )}
      <ImportRowsTable view={view} rows={rows} onFix={(row) => setFixing(row.line)} />
      {fixingRow && (
        <RowEditor
          key={fixingRow.line}
          view={view}
          row={fixingRow}
          onClose={() => closeEditor(fixingRow.line)}
        />
      )}
      <AppModal opened={confirming} onClose={() => setConfirming(false)} title={t('batch.confirmTitle')}>
        <Stack gap="sm">
          <EnvironmentBand profile={profile} />
          <Text size="sm" c="dimmed">
            {t('batch.confirmCount', { count: view.valid })}
          </Text>
          <Text size="xl" fw={800} className="money" data-testid="confirm-total">
            {money(view.totalMinor)}
          </Text>
          {short && (
            <Text c="red" role="alert">
              {t('batch.confirmShort')}
            </Text>
          )}
          <Text size="sm">{t(team ? 'batch.confirmTeam' : 'batch.confirmNoUndo')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('newPayout.goBack')}
            </Button>
            <Button
              color={profile.environment === 'production' ? 'red' : undefined}
              loading={busy}
              onClick={() => {
                setConfirming(false)
                void confirmAndSend()
              }}
            >
              {t(team ? 'batch.writeTeam' : 'batch.send', { count: view.valid })}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  )
}
