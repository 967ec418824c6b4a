import { hostname } from 'node:os'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import {
  exportedBatches,
  exportedCounts,
  exportedEvents,
  exportedPayouts,
  exportedProfiles,
  openPayoutsByStatus,
} from '../ledger/ledger-export.ts'
import { DEFAULT_TIME_ZONE } from '../payouts/profile-day.ts'
import { senderCheckOf, senderKeyOf } from '../team/sender-key.ts'
import { moveIntoTeam, type MovedProfile } from '../team/team-move.ts'
import type { ActionContext } from './context.ts'

const PAGE = 2_000
const parsed = (json: string | null): unknown => (json === null ? null : JSON.parse(json))

/** What moving this desk's ledger would carry: shown to the person before they say yes. */
export function ledgerToMove(ctx: Pick<ActionContext, 'ledger'>) {
  const open = openPayoutsByStatus(ctx.ledger)
  if (open.length > 0)
    throw new AppError('CONFLICT', {
      key: 'teamMoveOpenPayouts',
      params: { open: open.map((o) => `${o.n} ${o.status}`).join(', ') },
    })
  const profiles = exportedProfiles(ctx.ledger)
  if (profiles.length === 0) throw new AppError('INVALID_INPUT', { key: 'teamMoveNothing' })
  return { profiles, ...exportedCounts(ctx.ledger) }
}

/**
 * Moves this desk's own ledger into a team ledger (the administrator's URL), history and all: profiles
 * with their limits, batches, payouts as they ended and every event, in one transaction. Only a ledger
 * whose payouts have all ended moves, so no payout can be sent from both. The profiles keep their ids,
 * so this desk's keychain already holds their secrets for the team: their senders' check is set from it
 * (team/sender-key.ts); a profile whose secret is not here waits for an owner's `team secret`. This
 * desk's own ledger is left as it was.
 */
export async function moveLedgerIntoTeam(
  ctx: Pick<ActionContext, 'ledger' | 'secrets'>,
  adminUrl: string,
  onProgress?: (what: 'payouts' | 'events', done: number) => void,
) {
  const { profiles } = ledgerToMove(ctx)
  const moved: MovedProfile[] = []
  for (const p of profiles) {
    const secret = await ctx.secrets.reveal(p.id).catch(() => null)
    moved.push({
      id: p.id,
      name: p.name,
      provider: p.provider,
      area: p.area,
      environment: p.environment,
      baseUrl: p.base_url,
      merchantId: p.merchant_id,
      currency: payoutShape(p.provider, p.area)?.currency ?? 'IDR',
      timeZone: p.time_zone ?? DEFAULT_TIME_ZONE[p.provider],
      notifyUrl: p.notify_url,
      gatewayPublicKey: p.gateway_public_key,
      perPayoutMinor: p.per_payout,
      perDayMinor: p.per_day,
      senderCheck: secret === null ? null : senderCheckOf(await senderKeyOf(secret, p.id)),
    })
  }
  const result = await moveIntoTeam(
    adminUrl,
    {
      profiles: moved,
      batches: exportedBatches(ctx.ledger).map((b) => ({
        id: b.id,
        profileId: b.profile_id,
        fileName: b.file_name,
        sha256: b.file_sha256,
        at: b.created_at,
      })),
      payouts: (after) =>
        exportedPayouts(ctx.ledger, after, PAGE).map((p) => ({
          id: p.id,
          profileId: p.profile_id,
          reference: p.reference,
          amountMinor: p.amount_minor,
          currency: p.currency,
          fields: parsed(p.fields_json),
          status: p.status,
          createdAt: p.created_at,
          updatedAt: p.updated_at,
          account: parsed(p.account_json),
          gatewayId: p.gateway_id,
          gatewayStatus: p.gateway_status,
          gatewayMessage: p.gateway_message,
          reason: p.reason,
          lastError: p.last_error,
          attempts: p.attempts,
          lastAttemptAt: p.last_attempt_at,
          attention: p.attention,
          attentionAt: p.attention_at,
          attentionDetail: parsed(p.attention_json),
          batchId: p.batch_id,
        })),
      events: (after) =>
        exportedEvents(ctx.ledger, after, PAGE).map((e) => ({
          seq: e.seq,
          payoutId: e.payout_id,
          at: e.at,
          kind: e.kind,
          detail: { from: e.from_status, to: e.to_status, ...asObject(parsed(e.detail_json)) },
        })),
      from: `the own ledger of a desk on ${hostname()}`,
    },
    onProgress,
  )
  return { ...result, withoutCheck: moved.filter((p) => p.senderCheck === null).map((p) => p.name) }
}

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : value === null
      ? {}
      : { detail: value }
