import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- The time zone whose calendar day the per-day limit counts (an IANA name), so the computer's own
    -- time zone changes nothing. Existing rows get their gateway's country.
    ALTER TABLE release_limits ADD COLUMN time_zone TEXT;
    UPDATE release_limits SET time_zone = CASE
        (SELECT provider FROM profiles WHERE profiles.id = release_limits.profile_id)
        WHEN 'bluepay' THEN 'Asia/Bangkok' ELSE 'Asia/Jakarta' END;
    -- A MAC over the limits, the passphrase hash and the time zone, under a key kept in the OS keychain:
    -- a row changed outside the app no longer matches, and the profile's payouts are then held.
    ALTER TABLE release_limits ADD COLUMN mac TEXT;
    -- While one passphrase check computes its hash (set before it, cleared after): no other may start.
    ALTER TABLE release_limits ADD COLUMN checking_until INTEGER;
  `)
}
