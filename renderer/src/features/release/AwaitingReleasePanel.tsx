import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AwaitingRelease } from '../../../../shared/ipc/recipients-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { throttled } from '../../api/throttled.ts'
import { ReleaseDialog } from './ReleaseDialog.tsx'
import { groupKey, useRelease } from './release-store.ts'
import { AppModal } from '../../components/AppModal.tsx'

/** What went over a release limit and waits for the owner, per group as it was written. */
export function AwaitingReleasePanel() {
  const { t, i18n } = useTranslation()
  const { awaiting, error, load, cancel } = useRelease()
  const [releasing, setReleasing] = useState<AwaitingRelease | null>(null)
  const [cancelling, setCancelling] = useState<AwaitingRelease | null>(null)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    void load()
    return window.api.onPayoutsChanged(throttled(() => void load()))
  }, [load])
  if (awaiting.length === 0 && !error && !notice) return null
  const money = (g: AwaitingRelease) => formatMoney(g.totalMinor, g.currency, i18n.language)
  return (
    <Paper withBorder p="lg" radius="md" data-testid="awaiting-release">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('release.title', { count: awaiting.length })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('release.help')}
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {notice && (
          <Text
            size="sm"
            role={notice.ok ? 'status' : 'alert'}
            c={notice.ok ? undefined : 'red'}
            data-testid="release-notice"
          >
            {notice.text}
          </Text>
        )}
        {awaiting.length > 0 && (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('release.columns.what')}</Table.Th>
                <Table.Th scope="col">{t('release.columns.why')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('release.columns.count')}
                </Table.Th>
                <Table.Th scope="col" className="num">
                  {t('release.columns.total')}
                </Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('release.columns.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {awaiting.map((g) => {
                const what = g.fileName ?? t('release.singles')
                return (
                  <Table.Tr key={groupKey(g)} data-held={what}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm" fw={600}>
                          {what}
                        </Text>
                        <MoneyBadge environment={g.environment} />
                      </Group>
                      <Text size="xs" c="dimmed">
                        {g.profileName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`release.why.${g.why}`)}</Text>
                    </Table.Td>
                    <Table.Td className="num">{g.count}</Table.Td>
                    <Table.Td className="num money">{money(g)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          aria-label={t('release.releaseNamed', { what })}
                          onClick={() => {
                            setNotice(null)
                            setReleasing(g)
                          }}
                        >
                          {t('release.release')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={t('release.cancelNamed', { what })}
                          onClick={() => {
                            setNotice(null)
                            setCancelling(g)
                          }}
                        >
                          {t('release.cancel')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {releasing && (
        <ReleaseDialog
          group={releasing}
          onClose={(released) => {
            if (released)
              setNotice({
                ok: true,
                text: t('release.released', {
                  count: released.released,
                  total: formatMoney(released.totalMinor, releasing.currency, i18n.language),
                }),
              })
            setReleasing(null)
          }}
        />
      )}
      {cancelling && (
        <AppModal opened onClose={() => setCancelling(null)} title={t('release.cancelTitle')}>
          <Stack gap="sm">
            <Text>
              {t('release.cancelBody', {
                count: cancelling.count,
                total: money(cancelling),
                profile: cancelling.profileName,
              })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCancelling(null)}>
                {t('release.keepWaiting')}
              </Button>
              <Button
                color="red"
                onClick={() => {
                  const g = cancelling
                  setCancelling(null)
                  void cancel(g).then((problem) =>
                    setNotice(
                      problem
                        ? { ok: false, text: problem }
                        : { ok: true, text: t('release.cancelled', { count: g.count }) },
                    ),
                  )
                }}
              >
                {t('release.cancelConfirm', { count: cancelling.count })}
              </Button>
            </Group>
          </Stack>
        </AppModal>
      )}
    </Paper>
  )
}
