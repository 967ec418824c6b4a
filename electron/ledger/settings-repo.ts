import { LANGUAGES, PollIntervalSeconds, type Language, type Settings } from '../../shared/ipc/contract.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

export function readSetting(db: Ledger, key: string): string | null {
  const row = prepared<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key)
  return row?.value ?? null
}

export function writeSetting(db: Ledger, key: string, value: string): void {
  prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value)
}

export function deleteSetting(db: Ledger, key: string): void {
  prepared(db, 'DELETE FROM settings WHERE key = ?').run(key)
}

export function readSettings(db: Ledger): Settings {
  const language = readSetting(db, 'language')
  return {
    language: LANGUAGES.find((l) => l === language) ?? null,
    notifications: readSetting(db, 'notifications') !== 'off',
    pollIntervalSeconds: readPollInterval(db),
  }
}

export const POLL_INTERVAL_DEFAULT_SECONDS = 10

function readPollInterval(db: Ledger): number {
  const stored = readSetting(db, 'poll_interval_seconds')
  const parsed = PollIntervalSeconds.safeParse(stored === null ? null : Number(stored))
  return parsed.success ? parsed.data : POLL_INTERVAL_DEFAULT_SECONDS
}

export function savePollInterval(db: Ledger, seconds: number): Settings {
  writeSetting(db, 'poll_interval_seconds', String(seconds))
  return readSettings(db)
}

export function saveNotifications(db: Ledger, enabled: boolean): Settings {
  writeSetting(db, 'notifications', enabled ? 'on' : 'off')
  return readSettings(db)
}

export function saveLanguage(db: Ledger, language: Language): Settings {
  writeSetting(db, 'language', language)
  return readSettings(db)
}

export interface ListenerSetting {
  enabled: boolean
  host: string
  port: number
  behindProxy: boolean
}

export function readListenerSetting(db: Ledger): ListenerSetting {
  try {
    const value = JSON.parse(readSetting(db, 'callback_listener') ?? '{}') as Partial<ListenerSetting>
    return {
      enabled: value.enabled === true,
      host: value.host ?? '127.0.0.1',
      port: value.port ?? 0,
      behindProxy: value.behindProxy === true,
    }
  } catch {
    return { enabled: false, host: '127.0.0.1', port: 0, behindProxy: false }
  }
}

export function saveListenerSetting(db: Ledger, setting: ListenerSetting): void {
  writeSetting(db, 'callback_listener', JSON.stringify(setting))
}

/** The column mapping last confirmed for a profile: header → target (null = ignored column). */
export function readImportMapping(db: Ledger, profileId: string): Record<string, string | null> {
  try {
    const value: unknown = JSON.parse(readSetting(db, `import_mapping:${profileId}`) ?? '{}')
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (e): e is [string, string | null] => e[1] === null || typeof e[1] === 'string',
      ),
    )
  } catch {
    return {}
  }
}

export function saveImportMapping(
  db: Ledger,
  profileId: string,
  mapping: Record<string, string | null>,
): void {
  writeSetting(
    db,
    `import_mapping:${profileId}`,
    JSON.stringify({ ...readImportMapping(db, profileId), ...mapping }),
  )
}
