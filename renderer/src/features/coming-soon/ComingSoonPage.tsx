import { Paper, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'

export function ComingSoonPage({ title }: { title: string }) {
  const { t } = useTranslation()
  return (
    <Stack gap="md">
      <Title order={2}>{title}</Title>
      <Paper withBorder p="xl" radius="md">
        <Title order={4}>{t('comingSoon.title')}</Title>
        <Text c="dimmed">{t('comingSoon.body')}</Text>
      </Paper>
    </Stack>
  )
}
