import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The people and businesses a profile pays, filled from paid payouts. Never deleted while a payout
    -- refers to one (archived instead). account_key is the gateway's bank and account fields as one text.
    CREATE TABLE recipients (
      id            TEXT PRIMARY KEY,
      profile_id    TEXT NOT NULL REFERENCES profiles(id),
      name          TEXT NOT NULL,
      account_key   TEXT NOT NULL,
      account_no    TEXT NOT NULL,
      account_json  TEXT NOT NULL,
      mobile        TEXT,
      email         TEXT,
      note          TEXT,
      first_paid_at INTEGER,
      last_paid_at  INTEGER,
      payouts       INTEGER NOT NULL DEFAULT 0,
      archived      INTEGER NOT NULL DEFAULT 0,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX recipients_by_account ON recipients (profile_id, account_key);
    CREATE INDEX recipients_by_name ON recipients (profile_id, name COLLATE NOCASE);

    -- Every account a recipient moved to, once a payout to the new account was paid.
    CREATE TABLE recipient_changes (
      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
      recipient_id TEXT NOT NULL REFERENCES recipients(id),
      at           INTEGER NOT NULL,
      payout_id    TEXT REFERENCES payouts(id),
      old_json     TEXT NOT NULL,
      new_json     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX recipient_changes_by_recipient ON recipient_changes (recipient_id, seq);

    ALTER TABLE payouts ADD COLUMN recipient_id TEXT REFERENCES recipients(id);
    -- The account change the person accepted for this payout: {recipientId, old}.
    ALTER TABLE payouts ADD COLUMN account_change_json TEXT;
    -- Why a payout written as draft waits: 'per_payout' or 'per_day' (release limits).
    ALTER TABLE payouts ADD COLUMN held_for TEXT;
    CREATE INDEX payouts_by_recipient ON payouts (recipient_id, created_at) WHERE recipient_id IS NOT NULL;
    CREATE INDEX payouts_held ON payouts (profile_id) WHERE held_for IS NOT NULL;

    -- Per profile: limits in minor units of its currency, and the owner's release passphrase as a slow
    -- salted hash (scrypt), never the passphrase itself. Wrong attempts push locked_until out.
    CREATE TABLE release_limits (
      profile_id      TEXT PRIMARY KEY REFERENCES profiles(id),
      per_payout      INTEGER,
      per_day         INTEGER,
      passphrase_hash TEXT,
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until    INTEGER,
      updated_at      INTEGER NOT NULL
    ) STRICT;
  `)
}
