import { Text, Title } from '@mantine/core'

/** A screen's heading and the one line under it that says what the screen is for. */
export function PageHeader({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <div>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">{subtitle}</Text>
    </div>
  )
}
