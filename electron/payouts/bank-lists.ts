import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BankEntry, BankListView } from '../../shared/ipc/import-contract.ts'
import { AppError } from '../errors.ts'
import { normalizeHeader } from '../import/column-map.ts'
import type { ParsedSheet } from '../import/parse-csv.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import type { ProfileRecord } from '../ledger/profiles-repo.ts'
import { readSetting, writeSetting } from '../ledger/settings-repo.ts'

// Same depth from electron/payouts/ in development and from out/main/ once bundled.
const BANK_DIR = resolve(import.meta.dirname, '../../resources/banks')

interface ShippedList {
  field: string
  source: string
  entries: { code: string; name: string | null }[]
}

/**
 * The codes the gateway's documentation shows, shipped in resources/banks/. The full lists are not
 * public; nothing here is guessed, and the person's own list (from their gateway) comes first.
 */
function shippedList(profile: Pick<ProfileRecord, 'provider' | 'area'>): ShippedList | null {
  try {
    return JSON.parse(
      readFileSync(resolve(BANK_DIR, `${profile.provider}-${profile.area}.json`), 'utf8'),
    ) as ShippedList
  } catch {
    return null
  }
}

/** The codes of the gateway documentation's list (a team's profiles have no list of their own yet). */
export const shippedBankCodes = (profile: Pick<ProfileRecord, 'provider' | 'area'>): string[] =>
  shippedList(profile)?.entries.map((e) => e.code) ?? []

const key = (profileId: string) => `bank_list:${profileId}`

function ownList(db: Ledger, profileId: string): BankEntry[] {
  try {
    const value = JSON.parse(readSetting(db, key(profileId)) ?? '[]') as {
      code: string
      name: string | null
    }[]
    return value.map((e) => ({ code: e.code, name: e.name, source: 'yours' as const }))
  } catch {
    return []
  }
}

export function bankList(db: Ledger, profile: ProfileRecord, bankField: string): BankListView {
  const shipped = shippedList(profile)
  const own = ownList(db, profile.id)
  const codes = new Set(own.map((e) => e.code))
  return {
    field: shipped?.field ?? bankField,
    entries: [
      ...own,
      ...(shipped?.entries ?? [])
        .filter((e) => !codes.has(e.code))
        .map((e) => ({ ...e, source: 'docs' as const })),
    ],
    note: shipped?.source ?? '',
  }
}

const CODE_HEADERS = ['code', 'bankcode', 'transfercode', 'channelcode', '代码', '编码', '银行代码']
const NAME_HEADERS = ['name', 'bankname', 'bank', 'channel', 'channelname', '名称', '银行', '银行名称']

/** Replaces the profile's own list with a file's code (and optional name) columns. */
export function importBankList(db: Ledger, profileId: string, sheet: ParsedSheet): number {
  const codeColumn = sheet.header.find((h) => CODE_HEADERS.includes(normalizeHeader(h)))
  const nameColumn = sheet.header.find((h) => NAME_HEADERS.includes(normalizeHeader(h)) && h !== codeColumn)
  if (!codeColumn) throw new AppError('INVALID_INPUT', { key: 'bankListNoCode' })
  const seen = new Set<string>()
  const entries: { code: string; name: string | null }[] = []
  for (const row of sheet.rows) {
    const code = (row[codeColumn] ?? '').trim()
    if (!code || seen.has(code)) continue
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(code))
      throw new AppError('INVALID_INPUT', { key: 'bankCodeInvalid', params: { code } })
    seen.add(code)
    entries.push({ code, name: nameColumn ? (row[nameColumn] ?? '').trim().slice(0, 100) || null : null })
  }
  if (entries.length === 0) throw new AppError('INVALID_INPUT', { key: 'bankListEmpty' })
  writeSetting(db, key(profileId), JSON.stringify(entries))
  return entries.length
}
