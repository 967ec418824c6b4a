import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountChange } from '../../components/AccountChange.tsx'
import { Money } from '../../components/Money.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { useHistory } from '../history/history-store.ts'
import { PayoutDrawer } from '../history/PayoutDrawer.tsx'
import { payAgain } from '../new-payout/pay-again.ts'
import { recipientFields } from '../new-payout/recipient-fields.ts'
import { useProfiles } from '../profiles/profiles-store.ts'
import { RecipientDetails } from './RecipientDetails.tsx'
import { useRecipients } from './recipients-store.ts'

/** One recipient: their details (editable), their account, what changed in it, and their payouts. */
export function RecipientPage() {
  const { t, i18n } = useTranslation()
  const { detail, payouts, detailError, open, setArchived } = useRecipients()
  const profile = useProfiles((s) => s.profiles.find((p) => p.id === detail?.profileId) ?? null)
  const openPayout = useHistory((s) => s.open)
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  // The drawer belongs to whichever screen opened it: leaving this one closes it.
  useEffect(() => () => useHistory.getState().open(null), [])
  const back = (
    <Button variant="subtle" onClick={() => void open(null)} w="fit-content">
      {t('recipients.back')}
    </Button>
  )
  if (!detail) {
    return (
      <Stack gap="md">
        {back}
        {detailError && (
          <Alert color="red" role="alert">
            {detailError}
          </Alert>
        )}
      </Stack>
    )
  }
  return (
    <Stack gap="md" data-testid="recipient-page">
      {back}
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={1} size="h2">
              {detail.name}
            </Title>
            {detail.archived && (
              <Badge color="gray" variant="light">
                {t('recipients.archived')}
              </Badge>
            )}
          </Group>
          <Text c="dimmed">
            {t('recipients.summary', {
              profile: profile?.name ?? '',
              count: detail.payouts,
              first: detail.firstPaidAt ? dateTime.format(detail.firstPaidAt) : '—',
              last: detail.lastPaidAt ? dateTime.format(detail.lastPaidAt) : '—',
            })}
          </Text>
        </div>
        <Group gap="xs">
          {profile && !detail.archived && (
            <Button onClick={() => payAgain(profile, recipientFields(profile, detail))}>
              {t('recipients.payAgain')}
            </Button>
          )}
          <Button variant="default" onClick={() => void setArchived(!detail.archived)}>
            {detail.archived ? t('recipients.unarchive') : t('recipients.archive')}
          </Button>
        </Group>
      </Group>
      {detailError && (
        <Alert color="red" role="alert">
          {detailError}
        </Alert>
      )}
      {detail.archived && <Text size="sm">{t('recipients.archivedHelp')}</Text>}
      <RecipientDetails key={detail.id} detail={detail} />
      <Paper withBorder p="lg" radius="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('recipients.account')}
          </Title>
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {Object.entries(detail.accountFields).map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row" w={220} fw={400} c="dimmed">
                    {t(`fields.${k}`, { defaultValue: k })}
                  </Table.Th>
                  <Table.Td className="mono">{v}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>
      <Paper withBorder p="lg" radius="md" data-testid="account-changes">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('recipients.changes')}
          </Title>
          {detail.changes.length === 0 && <Text c="dimmed">{t('recipients.noChanges')}</Text>}
          {detail.changes.map((c) => (
            <Stack key={`${c.at}-${c.payoutId ?? ''}`} gap={4}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {dateTime.format(c.at)}
                </Text>
                {c.payoutId && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => c.payoutId && openPayout(c.payoutId)}
                  >
                    {t('recipients.changePayout', {
                      reference: payouts.find((p) => p.id === c.payoutId)?.reference ?? '',
                    })}
                  </Button>
                )}
              </Group>
              <AccountChange oldAccount={c.oldAccount} newAccount={c.newAccount} />
            </Stack>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('recipients.payouts', { count: payouts.length })}
          </Title>
          <Table highlightOnHover verticalSpacing="xs" data-testid="recipient-payouts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('history.columns.created')}</Table.Th>
                <Table.Th scope="col">{t('history.columns.reference')}</Table.Th>
                <Table.Th scope="col">{t('recipients.columns.account')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('history.columns.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('history.columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payouts.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{dateTime.format(p.createdAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      className="mono"
                      onClick={() => openPayout(p.id)}
                    >
                      {p.reference}
                    </Button>
                  </Table.Td>
                  <Table.Td className="mono">{p.accountNo}</Table.Td>
                  <Table.Td className="num">
                    <Money minor={p.amountMinor} currency={p.currency} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={p.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>
      <PayoutDrawer />
    </Stack>
  )
}
