import { Alert, Button, Group, List, Paper, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { LiveStatus } from '../../components/LiveStatus.tsx'
import { useBatchImport } from './batch-import-store.ts'

export function ChooseStep() {
  const { t } = useTranslation()
  const { chooseFile, saveTemplate, busy, notice, profileId } = useBatchImport()
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md" align="flex-start">
        <Text>{t('batch.chooseHelp')}</Text>
        <List size="sm" c="dimmed">
          <List.Item>{t('batch.tips.columns')}</List.Item>
          <List.Item>{t('batch.tips.text')}</List.Item>
          <List.Item>{t('batch.tips.nothingSent')}</List.Item>
        </List>
        <Group>
          <Button size="md" loading={busy} disabled={!profileId} onClick={() => void chooseFile()}>
            {t('batch.choose')}
          </Button>
          <Button variant="default" disabled={!profileId || busy} onClick={() => void saveTemplate()}>
            {t('batch.template')}
          </Button>
        </Group>
        <LiveStatus>{busy ? t('batch.reading') : ''}</LiveStatus>
        {notice && (
          <Alert color="green" data-testid="file-notice" role="status">
            {t(`batch.${notice.key}`, { path: notice.path, count: notice.count })}
          </Alert>
        )}
      </Stack>
    </Paper>
  )
}
