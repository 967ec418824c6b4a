import { LANGUAGES, type Language, type Settings } from '../../shared/ipc/contract.ts'
import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

function read(db: Ledger, key: string): string | null {
  const row = prepared<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key)
  return row?.value ?? null
}

function write(db: Ledger, key: string, value: string): void {
  prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value)
}

export function readSettings(db: Ledger): Settings {
  const language = read(db, 'language')
  return {
    language: LANGUAGES.find((l) => l === language) ?? null,
    notifications: read(db, 'notifications') !== 'off',
  }
}

export function saveNotifications(db: Ledger, enabled: boolean): Settings {
  write(db, 'notifications', enabled ? 'on' : 'off')
  return readSettings(db)
}

export function saveLanguage(db: Ledger, language: Language): Settings {
  write(db, 'language', language)
  return readSettings(db)
}

export interface ListenerSetting {
  enabled: boolean
  host: string
  port: number
}

export function readListenerSetting(db: Ledger): ListenerSetting {
  try {
    const value = JSON.parse(read(db, 'callback_listener') ?? '{}') as Partial<ListenerSetting>
    return { enabled: value.enabled === true, host: value.host ?? '127.0.0.1', port: value.port ?? 0 }
  } catch {
    return { enabled: false, host: '127.0.0.1', port: 0 }
  }
}

export function saveListenerSetting(db: Ledger, setting: ListenerSetting): void {
  write(db, 'callback_listener', JSON.stringify(setting))
}
