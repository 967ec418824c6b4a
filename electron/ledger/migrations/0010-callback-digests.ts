import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- Every callback applied, by the SHA-256 of its exact body: the same body again (a gateway's retry, or
    -- a replay by anyone who saw it) is answered as the gateway expects and changes nothing.
    CREATE TABLE callback_digests (
      digest     TEXT PRIMARY KEY,
      payout_id  TEXT NOT NULL REFERENCES payouts(id),
      at         INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
  `)
}
