import type { Ledger } from './open-ledger.ts'
import { prepared } from './statements.ts'

/** What a payout's release seal covers, exactly as the ledger stores it, and the seal it carries. */
export interface SealFacts {
  id: string
  profile_id: string
  account_key: string | null
  reference: string
  amount_minor: number
  currency: string
  fields_json: string
  release_seal: string | null
}

const FACTS = `SELECT id, profile_id, account_key, reference, amount_minor, currency, fields_json, release_seal
  FROM payouts`

export const sealFactsOf = (db: Ledger, ids: readonly string[]): SealFacts[] =>
  prepared<[string], SealFacts>(db, `${FACTS} WHERE id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  )

export const sealFactsOne = (db: Ledger, id: string): SealFacts | undefined =>
  prepared<[string], SealFacts>(db, `${FACTS} WHERE id = ?`).get(id)

export function writeReleaseSeals(db: Ledger, seals: readonly (readonly [id: string, seal: string])[]): void {
  const write = prepared(db, 'UPDATE payouts SET release_seal = ? WHERE id = ?')
  for (const [id, seal] of seals) write.run(seal, id)
}
