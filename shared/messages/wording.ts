import { STATUS_LABELS, STATUS_WORDS, type PayoutStatus } from '../domain/payout-status.ts'
import zhCN from '../i18n/locales/zh-CN.json' with { type: 'json' }

/**
 * How a message main refuses with is worded: one function per language, from plain parameters.
 * A message that names where to do something says it once for the window and once for the command line
 * (`cli`), because the window never names a command-line option and the command line never a menu.
 */
export type MessageParams = Readonly<Record<string, string | number>>

export type MessageLanguage = 'en' | 'zh-CN'

/** Where the message is read: the window, or a terminal. */
export type MessageDoor = 'window' | 'cli'

/** Each language's sentence from the values; the door, for words that differ only by where they are read. */
export interface Phrases {
  en: (p: MessageParams, door: MessageDoor) => string
  'zh-CN': (p: MessageParams, door: MessageDoor) => string
}

export interface Wording extends Phrases {
  cli?: Phrases
}

export const s = (p: MessageParams, name: string): string => String(p[name] ?? '')
export const n = (p: MessageParams, name: string): number => Number(p[name] ?? 0)

/** "1 payout" / "3 payouts": English counts its nouns; Chinese does not. */
export const count = (value: number, one: string, many = `${one}s`): string =>
  `${value} ${value === 1 ? one : many}`

/**
 * A status parameter (the ledger's code) as the person's door shows it: the window's words (in 简体中文,
 * the window's translation), at an English command line the word `list` prints and `--status` takes.
 */
export function statusIn(
  p: MessageParams,
  name: string,
  language: MessageLanguage,
  door: MessageDoor = 'window',
): string {
  const status = s(p, name)
  if (!Object.hasOwn(STATUS_LABELS, status)) return status
  const known = status as PayoutStatus
  if (language === 'zh-CN') return zhCN.status[known]
  return door === 'cli' ? STATUS_WORDS[known] : STATUS_LABELS[known]
}

const PROBLEM_ZH: Readonly<Record<string, string>> = {
  required: '缺失',
  format: '格式不对',
  too_long: '太长',
  not_allowed: '不允许',
  mixed_letters: '混用了外形相近的不同字母（拉丁、西里尔或希腊字母）',
  look_alike_letters: '用了只是外形像拉丁字母的其他字母',
}

/**
 * A list of gateway fields and what is wrong with each, given as "mobile:format,bankCode:required":
 * plain values a door words as "mobile (format)" or "mobile（格式不对）".
 */
export function fieldProblems(p: MessageParams, name: string, language: MessageLanguage): string {
  return s(p, name)
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [field = '', problem = ''] = pair.split(':')
      return language === 'zh-CN'
        ? `${field}（${PROBLEM_ZH[problem] ?? problem}）`
        : `${field} (${problem.replaceAll('_', ' ')})`
    })
    .join(language === 'zh-CN' ? '、' : ', ')
}
