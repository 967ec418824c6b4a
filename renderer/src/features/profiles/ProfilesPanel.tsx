import { Alert, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GatewayArea } from '../../components/GatewayArea.tsx'
import { MoneyBadge } from '../../components/MoneyBadge.tsx'
import { useProfileName } from '../../components/profile-name.ts'
import type { ProfileView } from '../../../../shared/ipc/profiles-contract.ts'
import { ProfileForm } from './ProfileForm.tsx'
import { useProfiles } from './profiles-store.ts'
import { SecretForm } from './SecretForm.tsx'
import { ReleaseLimitsForm } from '../release/ReleaseLimitsForm.tsx'

export function ProfilesPanel() {
  const { t } = useTranslation()
  const profileName = useProfileName()
  const { profiles, secrets, error, load, remove } = useProfiles()
  const [editing, setEditing] = useState<ProfileView | 'new' | null>(null)
  const [secretFor, setSecretFor] = useState<ProfileView | null>(null)
  const [limitsFor, setLimitsFor] = useState<ProfileView | null>(null)
  useEffect(() => {
    void load()
  }, [load])

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={2}>{t('profiles.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('profiles.help')}
            </Text>
          </div>
          <Button onClick={() => setEditing('new')}>{t('profiles.add')}</Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Table verticalSpacing="sm" data-testid="profiles-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('profiles.name')}</Table.Th>
              <Table.Th>{t('profiles.gateway')}</Table.Th>
              <Table.Th>{t('profiles.environment')}</Table.Th>
              <Table.Th>{t('profiles.secret')}</Table.Th>
              <Table.Th>{t('release.limits')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('profiles.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profiles.map((p) => (
              <Table.Tr key={p.id} data-profile={p.name}>
                <Table.Td>{profileName(p.name)}</Table.Td>
                <Table.Td>
                  <GatewayArea provider={p.provider} area={p.area} />
                </Table.Td>
                <Table.Td>
                  <MoneyBadge environment={p.environment} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={p.builtin || secrets[p.id]?.stored ? undefined : 'red'}>
                    {p.builtin
                      ? t('profiles.builtinNoSecret')
                      : secrets[p.id]?.stored
                        ? t('secrets.fingerprint', { fingerprint: secrets[p.id]?.fingerprint })
                        : t('secrets.none')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={t('release.limitsFor', { profile: p.name })}
                    onClick={() => setLimitsFor(p)}
                  >
                    {t('release.setLimits')}
                  </Button>
                </Table.Td>
                <Table.Td>
                  {!p.builtin && (
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => setSecretFor(p)}>
                        {t('profiles.secret')}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setEditing(p)}>
                        {t('profiles.edit')}
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => void remove(p.id)}>
                        {t('profiles.remove')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      {editing && (
        <ProfileForm opened profile={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {secretFor && <SecretForm profile={secretFor} onClose={() => setSecretFor(null)} />}
      {limitsFor && <ReleaseLimitsForm profile={limitsFor} onClose={() => setLimitsFor(null)} />}
    </Paper>
  )
}
