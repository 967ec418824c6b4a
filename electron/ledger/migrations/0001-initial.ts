import type { Database } from 'better-sqlite3'
import { PAYOUT_STATUSES } from '../../../shared/domain/payout-status.ts'

const statusList = PAYOUT_STATUSES.map((s) => `'${s}'`).join(', ')

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE profiles (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE,
      provider    TEXT NOT NULL CHECK (provider IN ('vexora', 'bluepay')),
      area        TEXT NOT NULL,
      environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
      base_url    TEXT NOT NULL,
      merchant_id TEXT NOT NULL,
      notify_url  TEXT,
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE batches (
      id          TEXT PRIMARY KEY,
      profile_id  TEXT NOT NULL REFERENCES profiles(id),
      file_name   TEXT,
      file_sha256 TEXT,
      state       TEXT NOT NULL,
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    ) STRICT;

    -- reference and fields_json are written before any request leaves and never change afterwards:
    -- they are what a retry re-sends and what a status query looks up.
    CREATE TABLE payouts (
      id               TEXT PRIMARY KEY,
      profile_id       TEXT NOT NULL REFERENCES profiles(id),
      provider         TEXT NOT NULL CHECK (provider IN ('vexora', 'bluepay')),
      reference        TEXT NOT NULL,
      gateway_id       TEXT,
      amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
      currency         TEXT NOT NULL,
      beneficiary_name TEXT NOT NULL,
      account_no       TEXT NOT NULL,
      bank_code        TEXT,
      fields_json      TEXT NOT NULL,
      status           TEXT NOT NULL CHECK (status IN (${statusList})),
      gateway_status   TEXT,
      gateway_message  TEXT,
      batch_id         TEXT REFERENCES batches(id),
      retry_of         TEXT REFERENCES payouts(id),
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL,
      last_checked_at  INTEGER,
      next_check_at    INTEGER,
      UNIQUE (profile_id, reference)
    ) STRICT;

    CREATE INDEX payouts_by_created ON payouts (created_at DESC, id DESC);
    CREATE INDEX payouts_by_status ON payouts (status, created_at DESC, id DESC);
    CREATE INDEX payouts_by_profile ON payouts (profile_id, created_at DESC, id DESC);
    CREATE INDEX payouts_by_batch ON payouts (batch_id) WHERE batch_id IS NOT NULL;
    CREATE INDEX payouts_by_gateway_id ON payouts (gateway_id) WHERE gateway_id IS NOT NULL;
    CREATE INDEX payouts_due_check ON payouts (next_check_at) WHERE next_check_at IS NOT NULL;

    -- The audit trail: every request, response, callback and transition, with its raw body.
    CREATE TABLE payout_events (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      payout_id   TEXT NOT NULL REFERENCES payouts(id),
      at          INTEGER NOT NULL,
      kind        TEXT NOT NULL,
      from_status TEXT,
      to_status   TEXT,
      detail_json TEXT
    ) STRICT;
    CREATE INDEX payout_events_by_payout ON payout_events (payout_id, seq);

    CREATE TRIGGER payout_events_no_update BEFORE UPDATE ON payout_events
    BEGIN SELECT RAISE(ABORT, 'payout_events is append-only'); END;
    CREATE TRIGGER payout_events_no_delete BEFORE DELETE ON payout_events
    BEGIN SELECT RAISE(ABORT, 'payout_events is append-only'); END;
  `)
}
