import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useProfiles } from '../profiles/profiles-store.ts'
import { RecipientPage } from './RecipientPage.tsx'
import { useRecipients } from './recipients-store.ts'

/** Up and down arrows move between the recipients' name buttons; the search box leads into the list. */
function moveFocus(event: KeyboardEvent, list: HTMLElement | null) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
  const buttons = [...(list?.querySelectorAll<HTMLButtonElement>('button[data-recipient]') ?? [])]
  if (buttons.length === 0) return
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
  const next = event.key === 'ArrowDown' ? Math.min(at + 1, buttons.length - 1) : Math.max(at - 1, 0)
  buttons[next]?.focus()
  event.preventDefault()
}

export function RecipientsPage() {
  const { t, i18n } = useTranslation()
  const { profiles, load: loadProfiles } = useProfiles()
  const { list, error, search, profileId, includeArchived, openId, setFilter, load, open } = useRecipients()
  const listRef = useRef<HTMLTableSectionElement>(null)
  useEffect(() => {
    void loadProfiles()
    void load()
  }, [loadProfiles, load])
  if (openId) return <RecipientPage />
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' })
  const profileName = (id: string) => profiles.find((p) => p.id === id)?.name ?? ''

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('recipients.title')}
        </Title>
        <Text c="dimmed">{t('recipients.subtitle')}</Text>
      </div>
      <Group align="flex-end">
        <TextInput
          label={t('recipients.search')}
          placeholder={t('recipients.searchPlaceholder')}
          value={search}
          onChange={(e) => setFilter({ search: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && list[0]) void open(list[0].id)
            else moveFocus(e, listRef.current)
          }}
          data-autofocus
          w={320}
        />
        <Select
          label={t('recipients.profile')}
          value={profileId ?? ''}
          allowDeselect={false}
          data={[
            { value: '', label: t('recipients.allProfiles') },
            ...profiles.map((p) => ({ value: p.id, label: p.name })),
          ]}
          onChange={(v) => setFilter({ profileId: v || null })}
          w={280}
        />
        <Switch
          label={t('recipients.showArchived')}
          checked={includeArchived}
          onChange={(e) => setFilter({ includeArchived: e.currentTarget.checked })}
          mb={8}
        />
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Paper withBorder radius="md">
        {list.length === 0 ? (
          <Text c="dimmed" p="lg" role="status">
            {search.trim() ? t('recipients.noneFound') : t('recipients.empty')}
          </Text>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" data-testid="recipients-table">
            <Table.Caption>{t('recipients.count', { count: list.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('recipients.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('recipients.columns.account')}</Table.Th>
                <Table.Th scope="col">{t('recipients.columns.contact')}</Table.Th>
                <Table.Th scope="col">{t('recipients.columns.lastPaid')}</Table.Th>
                <Table.Th scope="col" className="num">
                  {t('recipients.columns.payouts')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody ref={listRef} onKeyDown={(e) => moveFocus(e, listRef.current)}>
              {list.map((r) => (
                <Table.Tr key={r.id} data-recipient-row={r.name}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        data-recipient={r.id}
                        onClick={() => void open(r.id)}
                      >
                        {r.name}
                      </Button>
                      {r.archived && (
                        <Badge color="gray" variant="light">
                          {t('recipients.archived')}
                        </Badge>
                      )}
                    </Group>
                    {!profileId && (
                      <Text size="xs" c="dimmed" pl="xs">
                        {profileName(r.profileId)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td className="mono">{r.account}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{[r.mobile, r.email].filter(Boolean).join(' · ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>{r.lastPaidAt ? date.format(r.lastPaidAt) : '—'}</Table.Td>
                  <Table.Td className="num">{r.payouts}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  )
}
