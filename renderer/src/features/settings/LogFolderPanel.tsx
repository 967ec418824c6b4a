import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage, unwrap } from '../../api/call.ts'

/** The log a person can send to support: main opens its folder in the system's file manager. */
export function LogFolderPanel() {
  const { t } = useTranslation()
  const [problem, setProblem] = useState<string | null>(null)
  const open = async () => {
    try {
      await unwrap(window.api.openLogFolder())
      setProblem(null)
    } catch (error) {
      setProblem(errorMessage(error))
    }
  }
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="xs" align="flex-start">
        <Title order={2} size="h4">
          {t('settings.log')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.logHelp')}
        </Text>
        <Button variant="default" onClick={() => void open()}>
          {t('settings.openLogFolder')}
        </Button>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
      </Stack>
    </Paper>
  )
}
