import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The history indexes were declared DESC. New payouts arrive in ascending (created_at, id) order, so
    -- each one went in at the left edge of its key range: every full page split in half and the indexes
    -- stayed about half empty, doubling their writes on import. Ascending indexes are appended to and
    -- packed full, and SQLite walks them backwards for "newest first" with the same plans.
    DROP INDEX payouts_by_created;
    DROP INDEX payouts_by_status;
    DROP INDEX payouts_by_profile;
    CREATE INDEX payouts_by_created ON payouts (created_at, id);
    CREATE INDEX payouts_by_status ON payouts (status, created_at, id);
    CREATE INDEX payouts_by_profile ON payouts (profile_id, created_at, id);
  `)
}
