import i18next, { type TFunction } from 'i18next'
import zhCN from '../../shared/i18n/locales/zh-CN.json' with { type: 'json' }
import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import { issueText } from '../../shared/messages/import-issues.ts'
import { terminalLanguage, terminalWords } from './cli-context.ts'

let chinese: TFunction | null = null

/** The window's Chinese translations, loaded once and only for a Chinese terminal. */
function inChinese(): TFunction {
  if (!chinese) {
    const words = i18next.createInstance()
    void words.init({
      lng: 'zh-CN',
      resources: { 'zh-CN': { translation: zhCN } },
      initAsync: false,
      interpolation: { escapeValue: false },
    })
    chinese = words.t.bind(words)
  }
  return chinese
}

/**
 * An import row's problem in this terminal's language: in 简体中文 the window's words for it (an account
 * change with both accounts); in English main's own sentence, which also names a column's header names.
 */
export function issueWords(issue: ImportIssue, env: NodeJS.ProcessEnv = process.env): string {
  if (terminalLanguage(env) !== 'zh-CN') return issue.message
  // The window shows old beside new in its table; a terminal line must name both accounts itself.
  if (issue.code === 'account_changed')
    return terminalWords({ key: 'rowAccountChanged', params: issue.params }, env)
  return issueText(inChinese(), issue, 'zh-CN')
}
