import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { TeamPayoutWritten as Written } from '../../../../shared/ipc/team-contract.ts'
import { useNav } from '../../app/nav-store.ts'
import { useFocusOnShow } from '../../components/focus.ts'
import { LiveStatus } from '../../components/LiveStatus.tsx'
import { useNewPayout } from './new-payout-store.ts'

/**
 * A payout written to the team ledger: nothing left from here. It is ready for a computer holding the
 * profile's secret (Send what is ready), or, over a limit, waits for an owner's approval.
 */
export function TeamPayoutWritten({ written, money }: { written: Written; money: string }) {
  const { t } = useTranslation()
  const go = useNav((s) => s.go)
  const startOver = useNewPayout((s) => s.startOver)
  const heading = useFocusOnShow<HTMLHeadingElement>()
  const waiting = written.status === 'awaiting_approval'
  const title = t('newPayout.team.writtenTitle', { reference: written.reference })
  return (
    <Stack gap="md" maw={720}>
      <Title order={1} ref={heading} tabIndex={-1} data-testid="team-written-heading">
        {title}
      </Title>
      <LiveStatus>{title}</LiveStatus>
      <Alert
        color={waiting ? 'orange' : 'green'}
        role="status"
        data-testid="team-pay-written"
        data-status={written.status}
      >
        <Text size="sm">
          {waiting ? t('newPayout.team.waiting', { money }) : t('newPayout.team.ready', { money })}
        </Text>
        {written.existing && <Text size="sm">{t('newPayout.team.writtenBefore')}</Text>}
      </Alert>
      <Group>
        <Button variant="light" onClick={() => go('attention')}>
          {t('batch.toTeam')}
        </Button>
        <Button variant="default" onClick={startOver}>
          {t('newPayout.another')}
        </Button>
      </Group>
    </Stack>
  )
}
