import i18next from 'i18next'
import { wordError, type ErrorText } from '../../../shared/messages/errors.ts'
import { wordStored } from '../../../shared/messages/stored-text.ts'

/** A message the ledger kept (a payout's last problem), in the language the person chose. */
const language = () => (i18next.language === 'zh-CN' ? 'zh-CN' : 'en')

export const storedText = (raw: string): string => wordStored(raw, language())

/** A message main sent as a key (what the gateway said, why), in the language the person chose. */
export const noteText = (note: ErrorText): string => wordError(note, language())
