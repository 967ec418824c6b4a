import type { TFunction } from 'i18next'
import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { AttentionItem } from '../../../../shared/ipc/attention-contract.ts'
import { formatMoney } from '../../../../shared/money.ts'
import { useProfileName } from '../../components/profile-name.ts'
import { AppModal } from '../../components/AppModal.tsx'

interface Props {
  /** The payout the decision is about; the dialog is closed while null. */
  item: AttentionItem | null
  /** What is about to happen, in one sentence, and what it means. */
  what: string
  help: string
  note: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}

/**
 * Asks before a decision that changes what the ledger says happened to the money (or pays it again),
 * naming the profile and whether it is test or real money.
 */
export function ConfirmDecision({ item, what, help, note, confirmLabel, onConfirm, onCancel }: Props) {
  const { t } = useTranslation()
  const profileName = useProfileName()
  const production = item?.environment === 'production'
  return (
    <AppModal
      opened={item !== null}
      onClose={onCancel}
      title={t('attention.confirm.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      returnFocus={false}
    >
      {item && (
        <Stack gap="sm" data-testid="attention-confirm">
          <Alert role="note" color={production ? 'red' : 'gray'} variant={production ? 'filled' : 'light'}>
            <Text fw={700}>
              {production
                ? t('attention.confirm.realMoney', { name: profileName(item.profileName) })
                : t('attention.confirm.testMoney', { name: profileName(item.profileName) })}
            </Text>
          </Alert>
          <Text fw={600}>{what}</Text>
          <Text size="sm">{help}</Text>
          {note.trim() && <Text size="sm">{t('attention.confirm.note', { note: note.trim() })}</Text>}
          <Text size="sm" fw={600}>
            {t('attention.confirm.final')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} data-autofocus>
              {t('attention.confirm.cancel')}
            </Button>
            <Button color={production ? 'red' : undefined} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </AppModal>
  )
}

/** "Mark as not sent: IDR 20,000 to Siti, reference PD…" */
export function decisionSentence(
  t: TFunction,
  language: string,
  item: AttentionItem,
  actionText: string,
): string {
  return t('attention.confirm.what', {
    action: actionText,
    amount: formatMoney(item.amountMinor, item.currency, language),
    name: item.beneficiaryName,
    reference: item.reference,
  })
}
