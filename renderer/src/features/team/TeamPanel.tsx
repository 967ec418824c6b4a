import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useTeam } from './team-store.ts'

/**
 * Settings → Team: this desk joins a team ledger on PostgreSQL with the person's own login. The password
 * goes to main's keychain once and is cleared from the form; the server must accept it first.
 */
export function TeamPanel() {
  const { t } = useTranslation()
  const { connection, error, loadConnection, connect, forget } = useTeam()
  const [server, setServer] = useState('')
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    void loadConnection()
  }, [loadConnection])

  const submit = async () => {
    setBusy(true)
    const refused = await connect(server, login, password)
    setBusy(false)
    setProblem(refused)
    if (!refused) setPassword('')
  }
  const role = (owner: boolean | null) =>
    owner === null ? t('team.roleUnknown') : owner ? t('team.roleOwner') : t('team.roleBookkeeper')

  return (
    <Paper withBorder p="lg" radius="md" data-testid="team-panel">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('team.title')}
        </Title>
        {connection?.server ? (
          <>
            <Text size="sm" role="status" data-testid="team-connection">
              {t('team.connectedAs', { login: connection.login, role: role(connection.owner) })}{' '}
              <Code>{connection.server}</Code>
            </Text>
            <Group>
              <Button variant="default" onClick={() => void forget()}>
                {t('team.disconnect')}
              </Button>
            </Group>
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              void submit()
            }}
          >
            <Stack gap="xs" maw={420}>
              <Text size="sm" c="dimmed">
                {t('team.help')}
              </Text>
              <TextInput
                label={t('team.server')}
                description={t('team.serverHelp')}
                placeholder="office-pc:5432/payouts"
                value={server}
                onChange={(e) => setServer(e.currentTarget.value)}
                required
              />
              <TextInput
                label={t('team.login')}
                value={login}
                onChange={(e) => setLogin(e.currentTarget.value)}
                autoComplete="username"
                required
              />
              <PasswordInput
                label={t('team.password')}
                description={t('team.passwordHelp')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="current-password"
                required
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('team.connect')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {(problem ?? error) && (
          <Alert color="red" role="alert">
            {problem ?? error}
          </Alert>
        )}
      </Stack>
    </Paper>
  )
}
