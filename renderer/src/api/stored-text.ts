import i18next from 'i18next'
import { wordStored } from '../../../shared/messages/stored-text.ts'

/** A message the ledger kept (a payout's last problem), in the language the person chose. */
export const storedText = (raw: string): string =>
  wordStored(raw, i18next.language === 'zh-CN' ? 'zh-CN' : 'en')
