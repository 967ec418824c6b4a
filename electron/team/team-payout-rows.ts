import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import type { GatewayAccount } from '../ledger/gateway-account.ts'
import type { AttentionDetail, EnginePayout } from '../ledger/payout-store.ts'

/**
 * The engine's payout, read from `source` (the table, or a function returning its rows) as `p`, with
 * `extra` columns of it.
 */
export const payoutSelect = (source = 'payout_desk.payouts', extra = '') => `
  SELECT${extra} p.id, p.profile_id, p.reference, p.amount_minor::text AS amount_minor, p.currency, p.fields,
         p.status, p.gateway_id, p.acknowledged, p.attempts, p.check_failures, p.resends, p.attention,
         p.attention_detail, p.amount_ruling, p.version, p.account, pr.provider, pr.area,
         floor(extract(epoch FROM p.last_attempt_at) * 1000)::float8 AS last_attempt_at,
         floor(extract(epoch FROM p.attention_at) * 1000)::float8 AS attention_at,
         floor(extract(epoch FROM p.created_at) * 1000)::float8 AS created_at
    FROM ${source} p JOIN payout_desk.profiles pr ON pr.id = p.profile_id`
export const PAYOUT_SELECT = payoutSelect()
/** A payout as claimed, with the version of its row the claim left (team migration 8). */
export const CLAIMED_SELECT = payoutSelect(
  '(SELECT c.seen, (c.claimed).* FROM payout_desk.claim_payout_seen($1, $2, $3, $4) c)',
  ' p.seen,',
)

export interface PayoutRow {
  id: string
  profile_id: string
  reference: string
  amount_minor: string
  currency: CurrencyCode
  fields: Record<string, string>
  status: PayoutStatus | 'awaiting_approval'
  gateway_id: string | null
  acknowledged: boolean
  attempts: number
  check_failures: number
  resends: number
  attention: EnginePayout['attention']
  attention_detail: AttentionDetail | null
  amount_ruling: string | null
  version: number
  account: GatewayAccount | null
  provider: ProviderId
  area: string
  last_attempt_at: number | null
  attention_at: number | null
  created_at: number
}

/** A payout as the engine reads it; the server's times moved into this desk's clock by `skew`. */
export function toPayout(r: PayoutRow, skew: number): EnginePayout {
  const local = (at: number | null) => (at === null ? null : at - skew)
  const provider = r.account?.provider ?? r.provider
  const payee = payeeOf(provider, r.account?.area ?? r.area, r.fields)
  return {
    id: r.id,
    profileId: r.profile_id,
    provider,
    reference: r.reference,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    fields: r.fields,
    // Waiting for an owner's approval is the team's held: never sent, as a draft of the desk's own ledger.
    status: r.status === 'awaiting_approval' ? 'draft' : r.status,
    gatewayId: r.gateway_id,
    acknowledged: r.acknowledged,
    attempts: r.attempts,
    checkFailures: r.check_failures,
    batchId: null,
    lastAttemptAt: local(r.last_attempt_at),
    resends: r.resends,
    attention: r.attention,
    attentionAt: local(r.attention_at),
    attentionDetail: r.attention_detail,
    amountRuling: r.amount_ruling,
    version: r.version,
    account: r.account,
    createdAt: r.created_at - skew,
    beneficiaryName: payee.name,
    accountNo: payee.accountNo,
  }
}
