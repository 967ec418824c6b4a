import { Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RecipientDetail } from '../../../../shared/ipc/recipients-contract.ts'
import { useRecipients, type RecipientEdit } from './recipients-store.ts'

/** Name, contact and note as the business keeps them; the account itself changes only by paying it. */
export function RecipientDetails({ detail }: { detail: RecipientDetail }) {
  const { t } = useTranslation()
  const save = useRecipients((s) => s.save)
  const [edit, setEdit] = useState<RecipientEdit>({
    name: detail.name,
    mobile: detail.mobile ?? '',
    email: detail.email ?? '',
    note: detail.note ?? '',
  })
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const field = (key: keyof RecipientEdit) => ({
    value: edit[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value
      setEdit((s) => ({ ...s, [key]: value }))
      setOutcome(null)
    },
  })
  const submit = async () => {
    setBusy(true)
    const problem = await save(edit)
    setBusy(false)
    setOutcome(problem ? { ok: false, text: problem } : { ok: true, text: t('recipients.saved') })
  }
  return (
    <Paper withBorder p="lg" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('recipients.details')}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput label={t('recipients.name')} required maxLength={100} {...field('name')} />
            <TextInput label={t('recipients.mobile')} maxLength={30} {...field('mobile')} />
            <TextInput label={t('recipients.email')} maxLength={254} {...field('email')} />
          </SimpleGrid>
          <Textarea label={t('recipients.note')} maxLength={500} autosize minRows={2} {...field('note')} />
          <Group justify="space-between">
            {outcome && !outcome.ok ? (
              <Text size="sm" c="red" role="alert">
                {outcome.text}
              </Text>
            ) : (
              <Text size="sm" c="dimmed" role="status">
                {outcome?.text ?? ''}
              </Text>
            )}
            <Button type="submit" loading={busy} disabled={edit.name.trim() === ''}>
              {t('recipients.saveDetails')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}
