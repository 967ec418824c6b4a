import { Alert, Code, Paper, Stack, Switch, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CallbackListenerView } from '../../../../shared/ipc/payouts-contract.ts'
import { errorMessage, unwrap } from '../../api/call.ts'

/** The opt-in listener gateways call back on; off by default, on 127.0.0.1 only. */
export function CallbackListenerPanel() {
  const { t } = useTranslation()
  const [listener, setListener] = useState<CallbackListenerView | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    unwrap(window.api.getCallbackListener()).then(setListener, (e: unknown) => setError(errorMessage(e)))
  }, [])
  const toggle = async (enabled: boolean, behindProxy = listener?.behindProxy ?? false) => {
    try {
      setListener(await unwrap(window.api.setCallbackListener({ enabled, behindProxy })))
      setError(null)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="xs">
        <Switch
          label={t('callbacks.label')}
          description={t('callbacks.help')}
          checked={listener?.enabled ?? false}
          disabled={listener === null}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        <Switch
          label={t('callbacks.behindProxy')}
          description={t('callbacks.behindProxyHelp')}
          checked={listener?.behindProxy ?? false}
          disabled={listener === null}
          onChange={(e) => void toggle(listener?.enabled ?? false, e.currentTarget.checked)}
        />
        {listener?.url && (
          <Text size="sm" data-testid="callback-url">
            {t('callbacks.url')} <Code>{`${listener.url}/<profile id>`}</Code>
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  )
}
