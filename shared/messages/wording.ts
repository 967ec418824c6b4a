import { STATUS_LABELS, STATUS_WORDS, type PayoutStatus } from '../domain/payout-status.ts'

/**
 * How a message main refuses with is worded: one function per language, from plain parameters.
 * A message that names where to do something says it once for the window and once for the command line
 * (`cli`), because the window never names a command-line option and the command line never a menu.
 */
export type MessageParams = Readonly<Record<string, string | number>>

export type MessageLanguage = 'en' | 'zh-CN'

/** Where the message is read: the window, or a terminal. */
export type MessageDoor = 'window' | 'cli'

export interface Phrases {
  en: (p: MessageParams) => string
  'zh-CN': (p: MessageParams) => string
}

export interface Wording extends Phrases {
  cli?: Phrases
}

export const s = (p: MessageParams, name: string): string => String(p[name] ?? '')
export const n = (p: MessageParams, name: string): number => Number(p[name] ?? 0)

/** "1 payout" / "3 payouts": English counts its nouns; Chinese does not. */
export const count = (value: number, one: string, many = `${one}s`): string =>
  `${value} ${value === 1 ? one : many}`

const STATUS_ZH: Record<PayoutStatus, string> = {
  draft: '等待放行',
  queued: '排队中',
  submitting: '发送中',
  processing: '处理中',
  succeeded: '成功',
  failed: '失败',
  rejected: '已拒绝',
  unknown: '待确认',
  needs_review: '需人工核查',
  cancelled: '已取消',
}

/** A status parameter (the ledger's code) in the window's words for that language. */
export function statusIn(p: MessageParams, name: string, language: MessageLanguage): string {
  const status = s(p, name) as PayoutStatus
  const words = language === 'zh-CN' ? STATUS_ZH : STATUS_LABELS
  return Object.hasOwn(words, status) ? words[status] : status
}

export const STATUS_WORDS_ZH: Readonly<Record<PayoutStatus, string>> = STATUS_ZH

/** A status parameter as the command line shows and takes it: `in-doubt` (in 简体中文, the window's word). */
export function statusWordIn(p: MessageParams, name: string, language: MessageLanguage): string {
  const status = s(p, name) as PayoutStatus
  if (language === 'zh-CN') return statusIn(p, name, language)
  return Object.hasOwn(STATUS_WORDS, status) ? STATUS_WORDS[status] : status
}

const PROBLEM_ZH: Readonly<Record<string, string>> = {
  required: '缺失',
  format: '格式不对',
  too_long: '太长',
  not_allowed: '不允许',
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
        : `${field} (${problem.replace('_', ' ')})`
    })
    .join(language === 'zh-CN' ? '、' : ', ')
}
