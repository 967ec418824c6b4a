/**
 * What main says when it refuses something, as a key and parameters rather than a finished sentence:
 * the window words it in the person's language, the command line in English (or 简体中文 when the
 * terminal's locale asks for it). Main never sends a sentence of its own.
 *
 * Each entry words one message in both languages (shared/messages/errors/*.ts, one file per area); a
 * parameter is a plain value (a reference, a count, a name), never a sentence in one language.
 */
import type { MessageDoor, MessageLanguage, MessageParams, Phrases, Wording } from './wording.ts'
import { CLI_ERRORS } from './errors/cli.ts'
import { GATEWAY_ERRORS } from './errors/gateway.ts'
import { GENERAL_ERRORS } from './errors/general.ts'
import { IMPORT_ERRORS } from './errors/import.ts'
import { LEDGER_NOTES } from './errors/ledger-notes.ts'
import { PAYOUT_ERRORS } from './errors/payouts.ts'
import { RELEASE_ERRORS } from './errors/release.ts'
import { SETUP_ERRORS } from './errors/setup.ts'
import { TEAM_ERRORS } from './errors/team.ts'

export type { MessageDoor, MessageLanguage, MessageParams } from './wording.ts'

export const ERROR_MESSAGES = {
  ...GENERAL_ERRORS,
  ...SETUP_ERRORS,
  ...PAYOUT_ERRORS,
  ...RELEASE_ERRORS,
  ...IMPORT_ERRORS,
  ...CLI_ERRORS,
  ...LEDGER_NOTES,
  ...GATEWAY_ERRORS,
  ...TEAM_ERRORS,
} satisfies Record<string, Wording>

export type ErrorKey = keyof typeof ERROR_MESSAGES

export interface ErrorText {
  key: ErrorKey
  params?: MessageParams
}

export const isErrorKey = (key: unknown): key is ErrorKey =>
  typeof key === 'string' && Object.hasOwn(ERROR_MESSAGES, key)

export function wordError(text: ErrorText, language: MessageLanguage, door: MessageDoor = 'window'): string {
  const wording: Wording = ERROR_MESSAGES[text.key]
  const phrases: Phrases = door === 'cli' && wording.cli ? wording.cli : wording
  const params = text.params ?? {}
  const sentence = phrases[language](params, door)
  // One payout of several written together (an import's row, a batch's payout) is named by its place.
  const place = params.payoutIndex
  if (place === undefined) return sentence
  return language === 'zh-CN' ? `第 ${place} 笔付款：${sentence}` : `Payout ${place}: ${sentence}`
}
