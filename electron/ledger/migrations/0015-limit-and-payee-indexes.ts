import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The daily release limit counts what left a profile's account today, including payouts written on
    -- an earlier day and sent today: found by the time of their last attempt, without reading history.
    CREATE INDEX payouts_by_attempt ON payouts (profile_id, last_attempt_at) WHERE last_attempt_at IS NOT NULL;
    -- The payee rule reads the open payouts whose payee the directory has not learned yet: a few, found
    -- without reading a profile's history.
    CREATE INDEX payouts_unlearned ON payouts (profile_id, created_at)
      WHERE recipient_id IS NULL
        AND status IN ('draft', 'queued', 'submitting', 'processing', 'unknown', 'needs_review');
  `)
}
