import type { TFunction } from 'i18next'
import type { AttentionAction } from '../../../../shared/domain/attention.ts'
import type { AttentionItem } from '../../../../shared/ipc/attention-contract.ts'

/** What an action does, in plain words; a re-send says which refusal of repeats it relies on. */
export function actionHelp(t: TFunction, item: AttentionItem, action: AttentionAction): string {
  if (action === 'resend' && item.resendSafety === 'vexora_refuses_repeated_tradeno')
    return t('attention.resendVexora')
  return t(`attention.actions.${action}.help`)
}

export const actionLabel = (t: TFunction, action: AttentionAction): string =>
  t(`attention.actions.${action}.label`)
