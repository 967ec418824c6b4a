import { Alert, Code, Paper, Select, Stack, Switch, Text } from '@mantine/core'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useTranslation } from 'react-i18next'
import { useSettings } from '../../app/settings-store.ts'
import { ProfilesPanel } from '../profiles/ProfilesPanel.tsx'
import { TeamPanel } from '../team/TeamPanel.tsx'
import { TeamProfilesPanel } from '../team/TeamProfilesPanel.tsx'
import { CallbackListenerPanel } from './CallbackListenerPanel.tsx'
import { LanguagePicker } from './LanguagePicker.tsx'
import { LogFolderPanel } from './LogFolderPanel.tsx'

const POLL_CHOICES = [0, 10, 30, 60, 300, 900]

export function SettingsPage() {
  const { t } = useTranslation()
  const { appInfo, error, notifications, setNotifications, pollIntervalSeconds, setPollInterval } =
    useSettings()
  return (
    <Stack gap="md">
      <PageHeader title={t('settings.title')} />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md">
        <Stack gap="xs" align="flex-start">
          <Text size="sm" c="dimmed">
            {t('settings.languageHelp')}
          </Text>
          <LanguagePicker />
        </Stack>
      </Paper>
      <ProfilesPanel />
      <TeamPanel />
      <TeamProfilesPanel />
      <CallbackListenerPanel />
      <Paper withBorder p="lg" radius="md">
        <Switch
          label={t('settings.notifications')}
          description={t('settings.notificationsHelp')}
          checked={notifications}
          onChange={(e) => void setNotifications(e.currentTarget.checked)}
        />
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Select
          label={t('settings.pollInterval')}
          description={t('settings.pollIntervalHelp')}
          value={String(pollIntervalSeconds)}
          data={[...new Set([...POLL_CHOICES, pollIntervalSeconds])]
            .sort((a, b) => a - b)
            .map((s) => ({
              value: String(s),
              label:
                s === 0
                  ? t('settings.pollOff')
                  : s % 60 === 0
                    ? t('settings.pollMinutes', { count: s / 60 })
                    : t('settings.pollSeconds', { count: s }),
            }))}
          onChange={(v) => v !== null && void setPollInterval(Number(v))}
          allowDeselect={false}
          maw={360}
        />
      </Paper>
      <LogFolderPanel />
      {appInfo && (
        <Paper withBorder p="lg" radius="md">
          <Text size="sm">
            {t('settings.dataDir')} <Code>{appInfo.dataDir}</Code>
          </Text>
          <Text size="sm">
            {t('settings.version')} {appInfo.version}
          </Text>
        </Paper>
      )}
    </Stack>
  )
}
