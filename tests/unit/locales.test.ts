import { readFileSync } from 'node:fs'
import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { importCounts } from '../../renderer/src/features/batch-import/import-counts.ts'
import { STATUS_LABELS } from '../../shared/domain/payout-status.ts'

type Tree = { [key: string]: string | Tree }
const load = (name: string) => JSON.parse(readFileSync(`shared/i18n/locales/${name}.json`, 'utf8')) as Tree

/** Every leaf key, with i18next's plural suffixes folded (English needs _one, Chinese only _other). */
function keys(tree: Tree, prefix = ''): Set<string> {
  const out = new Set<string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = `${prefix}${k.replace(/_(one|other)$/, '')}`
    if (typeof v === 'string') {
      expect(v.trim(), `${key} is empty`).not.toBe('')
      out.add(key)
    } else for (const sub of keys(v, `${key}.`)) out.add(sub)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v)
    else for (const [sk, sv] of leaves(v, `${prefix}${k}.`)) out.set(sk, sv)
  }
  return out
}

describe('translations', () => {
  const en = load('en')
  const zh = load('zh-CN')

  it('English and 简体中文 have the same keys, none empty', () => {
    expect([...keys(zh)].sort()).toEqual([...keys(en)].sort())
  })

  it('each translation uses the same placeholders as the English text', () => {
    const enLeaves = leaves(en)
    for (const [key, text] of leaves(zh)) {
      const english = enLeaves.get(key) ?? enLeaves.get(key.replace(/_other$/, '_one'))
      if (english === undefined) continue
      // "count" may be implied by the wording of a singular ("Every minute").
      const wanted = placeholders(english).filter((p) => p !== 'count')
      expect(
        placeholders(text).filter((p) => p !== 'count'),
        key,
      ).toEqual(wanted)
    }
  })

  it("the window's English status words are the CLI's (one word per state on every surface)", () => {
    expect(en.status).toEqual(STATUS_LABELS)
  })

  it('says "Succeeded" wherever it counts what was paid', () => {
    const dashboard = en.dashboard as Tree
    expect(dashboard.paid).toContain(STATUS_LABELS.succeeded)
    expect((en.newPayout as Tree).outcome).toMatchObject({ succeeded: 'Payout succeeded' })
  })
})

describe('plurals in the window', () => {
  it('no count in English is followed by a noun outside a plural key ("1 warnings to check")', () => {
    const en = load('en')
    for (const [key, text] of leaves(en)) {
      if (/_(one|other)$/.test(key)) continue
      // A number placeholder directly before a plural noun can never read right for 1.
      expect(text, key).not.toMatch(/\{\{\w+\}\} (?:rows|warnings|payouts|seconds|minutes|lines|errors)\b/)
    }
  })

  it('words the review counts in each language with the right plural', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({
      lng: 'en',
      resources: { en: { translation: load('en') }, 'zh-CN': { translation: load('zh-CN') } },
      interpolation: { escapeValue: false },
    })
    const view = { rows: [1], valid: 1, invalid: 0, unaccepted: 1 }
    expect(importCounts(i18n.t, view)).toBe('1 row: 1 ready, 0 with errors, 1 warning to check')
    expect(importCounts(i18n.t, { rows: [1, 2, 3], valid: 1, invalid: 2, unaccepted: 0 })).toBe(
      '3 rows: 1 ready, 2 with errors, 0 warnings to check',
    )
    await i18n.changeLanguage('zh-CN')
    expect(importCounts(i18n.t, view)).toBe('共 1 行：1 行就绪，0 行有错误，1 个警告待确认')
  })
})
