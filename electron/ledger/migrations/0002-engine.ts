import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- BluePay's public key verifies its callbacks; it is not a secret, so it lives with the profile.
    ALTER TABLE profiles ADD COLUMN gateway_public_key TEXT;
    ALTER TABLE profiles ADD COLUMN balance_minor INTEGER;
    ALTER TABLE profiles ADD COLUMN balance_currency TEXT;
    ALTER TABLE profiles ADD COLUMN balance_at INTEGER;

    -- How many create requests left for this payout (always under its one reference).
    ALTER TABLE payouts ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    -- 1 once the gateway has confirmed it holds the payout; only an unacknowledged payout may be re-sent.
    ALTER TABLE payouts ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE payouts ADD COLUMN check_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE payouts ADD COLUMN reason TEXT;
    ALTER TABLE payouts ADD COLUMN last_error TEXT;

    CREATE INDEX payouts_in_doubt ON payouts (status) WHERE status IN ('submitting', 'unknown');

    -- Callbacks that failed verification: kept for the record, never applied.
    CREATE TABLE callback_rejections (
      seq        INTEGER PRIMARY KEY AUTOINCREMENT,
      at         INTEGER NOT NULL,
      profile_id TEXT,
      reason     TEXT NOT NULL,
      detail     TEXT,
      body       TEXT
    ) STRICT;
  `)
}
