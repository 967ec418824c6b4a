import { SimpleGrid, TextInput } from '@mantine/core'

/**
 * A profile's two amount limits as typed (per payout, per day), side by side: a desk's release limits and
 * a team profile's. Empty means no limit; the form's `description` says so.
 */
export function LimitAmountFields(props: {
  labels: { perPayout: string; perDay: string }
  description?: string
  perPayout: string
  perDay: string
  onPerPayout: (text: string) => void
  onPerDay: (text: string) => void
  autoFocus?: boolean
}) {
  const field = (label: string, value: string, onChange: (text: string) => void, first: boolean) => (
    <TextInput
      data-autofocus={first && props.autoFocus ? true : undefined}
      label={label}
      description={props.description}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      inputMode="decimal"
      classNames={{ input: 'money' }}
    />
  )
  return (
    <SimpleGrid cols={2}>
      {field(props.labels.perPayout, props.perPayout, props.onPerPayout, true)}
      {field(props.labels.perDay, props.perDay, props.onPerDay, false)}
    </SimpleGrid>
  )
}
