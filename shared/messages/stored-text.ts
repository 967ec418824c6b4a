import { isErrorKey, wordError, type ErrorText, type MessageDoor, type MessageLanguage } from './errors.ts'

/**
 * A message the ledger keeps (a payout's last problem) is kept as its key and parameters, so each door
 * words it when it shows it, in its person's language. What the gateway said in its own words, and rows
 * written before keys, are kept as they came and shown so.
 */
export const storeText = (text: ErrorText): string =>
  JSON.stringify({ key: text.key, params: text.params ?? {} })

export function wordStored(raw: string, language: MessageLanguage, door: MessageDoor = 'window'): string {
  if (!raw.startsWith('{"key":')) return raw
  try {
    const kept = JSON.parse(raw) as { key?: unknown; params?: unknown }
    if (isErrorKey(kept.key) && typeof kept.params === 'object' && kept.params !== null)
      return wordError({ key: kept.key, params: kept.params as ErrorText['params'] }, language, door)
  } catch {
    // Not one of ours after all: shown as it is.
  }
  return raw
}
