import { Alert, Button, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useNav } from '../../app/nav-store.ts'
import { useBatchImport } from '../batch-import/batch-import-store.ts'

/** Says plainly that a batch just written went over a release limit, and where the owner releases it. */
export function HeldForRelease() {
  const { t } = useTranslation()
  const held = useBatchImport((s) => s.held)
  const go = useNav((s) => s.go)
  if (!held) return null
  return (
    <Alert color="orange" role="status" title={t('release.batchHeldTitle')} data-testid="held-for-release">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('release.batchHeld', { count: held.count })}</Text>
        <Button size="xs" variant="light" onClick={() => go('dashboard')}>
          {t('release.toDashboard')}
        </Button>
      </Stack>
    </Alert>
  )
}
