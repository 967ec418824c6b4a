import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The names a recipient was known by before a person renamed them (a JSON array). The payee rule
    -- still knows them by each: a rename must not make "Budi at another account" a stranger.
    ALTER TABLE recipients ADD COLUMN former_names_json TEXT NOT NULL DEFAULT '[]';
  `)
}
