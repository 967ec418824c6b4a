import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The app's mark that it let this payout go (written unheld within the limits, or released by the
    -- owner): an HMAC under the keychain's seal key over what the payout pays. A payout of a profile with
    -- release limits leaves only with a matching mark, so clearing held_for or setting status to
    -- 'queued' outside the app sends nothing. Rows written before this version have none: those of a
    -- limited profile that still wait are held once for the owner's release.
    ALTER TABLE payouts ADD COLUMN release_seal TEXT;
  `)
}
