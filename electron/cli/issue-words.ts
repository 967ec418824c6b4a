import i18next, { type TFunction } from 'i18next'
import zhCN from '../../shared/i18n/locales/zh-CN.json' with { type: 'json' }
import type { ImportIssue } from '../../shared/ipc/import-contract.ts'
import { issueText } from '../../shared/messages/import-issues.ts'
import { terminalLanguage } from './cli-context.ts'

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
 * An import row's problem in this terminal's language: in 简体中文 the window's words for it; in English
 * main's own sentence, which also names the header names a column may have.
 */
export const issueWords = (issue: ImportIssue, env: NodeJS.ProcessEnv = process.env): string =>
  terminalLanguage(env) === 'zh-CN' ? issueText(inChinese(), issue, 'zh-CN') : issue.message
