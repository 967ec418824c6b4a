import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- A balance as exact as the gateway gave it: Vexora reports IDR with four places ("9998989.1200"),
    -- which whole minor units cannot hold; and the raw value, so a person can check how it was read.
    ALTER TABLE profiles ADD COLUMN balance_decimal TEXT;
    ALTER TABLE profiles ADD COLUMN balance_gateway_value TEXT;
  `)
}
