import Database from 'better-sqlite3'
import { dirname } from 'node:path'
import { AppError } from '../errors.ts'
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent } from '../private-files.ts'
import { MIGRATIONS, type Migration } from './migrations/index.ts'
import { watchSlowStatements } from './slow-statements.ts'

export type Ledger = Database.Database

/** How long a write waits for another process's lock before SQLite gives up (ms). */
export const BUSY_TIMEOUT_MS = 5_000

export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0
}

export function schemaVersion(db: Ledger): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Opens (creating if needed) the ledger file and brings its schema up to date.
 * WAL with synchronous=FULL: a payout that was committed before a request left survives a power cut.
 * The folder is 0700 and the database, WAL and SHM files 0600: the ledger names people and accounts.
 */
export function openLedger(file: string, migrations: readonly Migration[] = MIGRATIONS): Ledger {
  ensurePrivateDir(dirname(file))
  // Created here with 0600 so SQLite, which gives its -wal and -shm the database's mode, follows suit.
  ensurePrivateFile(file)
  const db = new Database(file)
  // Timed from the first statement; the slow ones go where logSlowStatementsTo says (the app: its log).
  watchSlowStatements(db)
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') throw new Error(`could not switch the ledger to WAL (got ${String(mode)})`)
    tightenIfPresent(`${file}-wal`)
    tightenIfPresent(`${file}-shm`)
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // 32 MiB of page cache instead of 2: a 100,000-row import's indexes stay in memory between its
    // chunks. 64 MiB, chosen when the import was one transaction, wrote a chunked import no faster
    // (2.43–2.49 s against 2.23–2.29 s) and held 37 MiB more at its peak; the 1,000,000-payout
    // refresh and reads were no slower at 32.
    db.pragma('cache_size = -32768')
    migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

export function migrate(db: Ledger, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list is not 1..n: ${m.name} has version ${m.version}`)
  })
  const current = schemaVersion(db)
  const latest = latestSchemaVersion(migrations)
  if (current > latest) {
    throw new AppError('LEDGER_TOO_NEW', { key: 'ledgerTooNew', params: { current, latest } })
  }
  for (const m of migrations.slice(current)) {
    // Each step and its version bump commit together, so a crash mid-upgrade leaves a consistent schema.
    db.transaction(() => {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
}
