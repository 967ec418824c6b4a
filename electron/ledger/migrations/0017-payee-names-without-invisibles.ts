import type { Database } from 'better-sqlite3'
import { dropInvisible } from '../../../shared/domain/payee-account.ts'

/**
 * A name's key leaves out the characters that show as nothing (nameKey, shared/domain/payee-account.ts):
 * "Dewi\u200bLestari" looked like Dewi Lestari to the person and like somebody new to the payee rule, so
 * her payout to another account went without the question. Keys written before keep such characters;
 * they are dropped here, which is what the new key is (they are dropped last, and nothing before depends
 * on them). Only keys beyond ASCII can hold one.
 */
export function up(db: Database): void {
  const rows = db
    .prepare("SELECT id, payee_name_key AS key FROM payouts WHERE payee_name_key GLOB '*[^ -~]*'")
    .all() as { id: string; key: string }[]
  const set = db.prepare('UPDATE payouts SET payee_name_key = ? WHERE id = ?')
  for (const r of rows) {
    const key = dropInvisible(r.key)
    if (key !== r.key) set.run(key, r.id)
  }
}
