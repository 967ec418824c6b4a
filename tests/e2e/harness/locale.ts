import en from '../../../shared/i18n/locales/en.json' with { type: 'json' }
import zhCN from '../../../shared/i18n/locales/zh-CN.json' with { type: 'json' }

export type Language = 'en' | 'zh-CN'
export const LANGUAGES: Language[] = ['en', 'zh-CN']

type Tree = { [key: string]: string | Tree }
const CATALOGS: Record<Language, Tree> = { en, 'zh-CN': zhCN }

/**
 * The window's own words for a test that runs in either language: a key of the locale files, with
 * i18next's `_one`/`_other` plurals and `{{name}}` values, so a spec never spells a label twice.
 */
export function wordsFor(language: Language) {
  return (key: string, values: Record<string, string | number> = {}): string => {
    const path = key.split('.')
    const leaf = path.pop() ?? ''
    let node: Tree | string | undefined = CATALOGS[language]
    for (const part of path) node = typeof node === 'object' ? node[part] : undefined
    if (typeof node !== 'object') throw new Error(`no "${key}" in ${language}`)
    const count = values.count
    const text =
      (typeof count === 'number' ? node[`${leaf}_${count === 1 ? 'one' : 'other'}`] : undefined) ??
      node[`${leaf}_other`] ??
      node[leaf]
    if (typeof text !== 'string') throw new Error(`no "${key}" in ${language}`)
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''))
  }
}
