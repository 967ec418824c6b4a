import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'

/**
 * Refused callbacks kept up to 64 KiB of body each, for ever: anyone who could reach the listener could
 * fill the disk. Now a row keeps the body's SHA-256, its size and a short prefix, and only the newest
 * rows are kept (the insert prunes). Existing rows are digested and trimmed the same way.
 */
// As electron/payouts/rejection-limits.ts had them when this shipped (a migration never changes).
const PREFIX_CHARS = 256
const KEPT = 1_000

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE callback_rejections RENAME COLUMN body TO body_prefix;
    ALTER TABLE callback_rejections ADD COLUMN body_sha256 TEXT;
    ALTER TABLE callback_rejections ADD COLUMN body_bytes INTEGER;
  `)
  db.prepare(
    'DELETE FROM callback_rejections WHERE seq <= (SELECT max(seq) FROM callback_rejections) - ?',
  ).run(KEPT)
  const rows = db.prepare('SELECT seq, body_prefix AS body FROM callback_rejections').all() as {
    seq: number
    body: string | null
  }[]
  const update = db.prepare(
    'UPDATE callback_rejections SET body_prefix = ?, body_sha256 = ?, body_bytes = ? WHERE seq = ?',
  )
  for (const { seq, body } of rows) {
    if (body === null) continue
    // The stored body was itself cut at 64 KiB, so for long ones this digests what was kept.
    const digest = createHash('sha256').update(body, 'utf8').digest('hex')
    update.run(body.slice(0, PREFIX_CHARS), digest, Buffer.byteLength(body, 'utf8'), seq)
  }
}
