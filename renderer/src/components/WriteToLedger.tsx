import { SegmentedControl, Stack, Text } from '@mantine/core'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'

/** "Write to": this computer's own ledger or the team's, offered once this desk is connected to a team. */
export function WriteToLedger({
  value,
  onChange,
  disabled,
  testId,
}: {
  value: 'desk' | 'team'
  onChange: (ledger: 'desk' | 'team') => void
  disabled?: boolean
  testId: string
}) {
  const { t } = useTranslation()
  const label = useId()
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={label}>
        {t('batch.writeTo')}
      </Text>
      <SegmentedControl
        aria-labelledby={label}
        value={value}
        disabled={disabled}
        onChange={(v) => onChange(v === 'team' ? 'team' : 'desk')}
        data={[
          { value: 'desk', label: t('batch.ledgerDesk') },
          { value: 'team', label: t('batch.ledgerTeam') },
        ]}
        maw={420}
        data-testid={testId}
      />
    </Stack>
  )
}
