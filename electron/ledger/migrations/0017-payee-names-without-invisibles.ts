import type { Database } from 'better-sqlite3'
import { hasInvisible, payeeNameKeyOf } from '../../../shared/domain/payee-account.ts'
import type { ProviderId } from '../../../shared/domain/providers.ts'
import { payoutShape } from '../../../shared/providers/payout-shape.ts'

/**
 * A name's key leaves out the characters that show as nothing, and is composed again after (nameKey,
 * shared/domain/payee-account.ts): "Dewi\u200bLestari" looked like Dewi Lestari to the person and like
 * somebody new to the payee rule, so her payout to another account went without the question. A key
 * written before keeps such a character (nothing before took one out), so those keys are computed again
 * from their payouts' fields, as migration 16 computed them.
 */
export function up(db: Database): void {
  const rows = (
    db
      .prepare(
        `SELECT p.id, p.provider, coalesce(json_extract(p.account_json, '$.area'), pr.area) AS area,
                p.fields_json, p.account_no, p.payee_name_key AS key
           FROM payouts p JOIN profiles pr ON pr.id = p.profile_id
          WHERE p.payee_name_key GLOB '*[^ -~]*'`,
      )
      .all() as {
      id: string
      provider: ProviderId
      area: string
      fields_json: string
      account_no: string
      key: string
    }[]
  ).filter((r) => hasInvisible(r.key))
  const set = db.prepare('UPDATE payouts SET payee_name_key = ? WHERE id = ?')
  for (const r of rows) {
    const shape = payoutShape(r.provider, r.area)
    if (shape)
      set.run(payeeNameKeyOf(shape, JSON.parse(r.fields_json) as Record<string, string>, r.account_no), r.id)
  }
}
