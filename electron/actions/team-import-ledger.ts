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
  type ExportedEvent,
  type ExportedPayout,
} from '../ledger/ledger-export.ts'
import { limitsOf } from '../payouts/release-limits.ts'
import { parsePublicKey } from '../providers/bluepay/sign.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
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

/** Every page of a keyset read, in order. */
function allPages<T, K>(read: (after: K) => T[], start: K, keyOf: (row: T) => K): T[] {
  const rows: T[] = []
  for (let page = read(start); page.length > 0; page = read(keyOf(page.at(-1) as T))) rows.push(...page)
  return rows
}

/**
 * Moves this desk's own ledger into a team ledger (the administrator's URL), history and all: profiles
 * with their limits, batches, payouts as they ended and every event, in one transaction. Only a ledger
 * whose payouts have all ended moves, so no payout can be sent from both; that is checked, and the
 * ledger read, in one snapshot, so a payout queued here meanwhile is seen. Limits whose seal does not
 * match (edited in the file) are refused, as this desk refuses to release under them. The profiles keep
 * their ids, so this desk's keychain already holds their secrets for the team: their senders' check is
 * set from it (team/sender-key.ts); a profile whose secret is not here waits for an owner's `team
 * secret`. This desk's own ledger is left as it was.
 */
export async function moveLedgerIntoTeam(
  ctx: Pick<ActionContext, 'ledger' | 'secrets'>,
  adminUrl: string,
  onProgress?: (what: 'payouts' | 'events', done: number) => void,
) {
  const { ledger } = ctx
  await refreshLimitsMarker(ctx.secrets)
  const checks = new Map<string, string | null>()
  for (const p of ledgerToMove(ctx).profiles) {
    // A private key kept here as the gateway's public key (an older version took it) would be written
    // where every person of the team reads it, for good (review 80 F3): the move waits until it is mended.
    if (p.gateway_public_key)
      try {
        parsePublicKey(p.gateway_public_key)
      } catch (error) {
        if (error instanceof AppError && error.text.key === 'publicKeyIsPrivate')
          throw new AppError('INVALID_INPUT', { key: 'teamMoveKeyIsPrivate', params: { profile: p.name } })
      }
    const secret = await ctx.secrets.reveal(p.id).catch(() => null)
    checks.set(p.id, secret === null ? null : senderCheckOf(await senderKeyOf(secret, p.id)))
  }
  const snapshot = ledger.transaction(() => {
    const { profiles } = ledgerToMove(ctx)
    const moved: MovedProfile[] = profiles.map((p) => {
      const { row, timeZone, sound } = limitsOf(ledger, p.id)
      if (!sound)
        throw new AppError('CONFLICT', { key: 'teamMoveLimitsTampered', params: { profile: p.name } })
      return {
        id: p.id,
        name: p.name,
        provider: p.provider,
        area: p.area,
        environment: p.environment,
        baseUrl: p.base_url,
        merchantId: p.merchant_id,
        currency: payoutShape(p.provider, p.area)?.currency ?? 'IDR',
        timeZone,
        notifyUrl: p.notify_url,
        gatewayPublicKey: p.gateway_public_key,
        perPayoutMinor: row?.per_payout ?? null,
        perDayMinor: row?.per_day ?? null,
        senderCheck: checks.get(p.id) ?? null,
      }
    })
    return {
      moved,
      batches: exportedBatches(ledger),
      payouts: allPages(
        (after: string) => exportedPayouts(ledger, after, PAGE),
        '',
        (p: ExportedPayout) => p.id,
      ),
      events: allPages(
        (after: number) => exportedEvents(ledger, after, PAGE),
        0,
        (e: ExportedEvent) => e.seq,
      ),
    }
  })()
  const result = await moveIntoTeam(
    adminUrl,
    {
      profiles: snapshot.moved,
      batches: snapshot.batches.map((b) => ({
        id: b.id,
        profileId: b.profile_id,
        fileName: b.file_name,
        sha256: b.file_sha256,
        at: b.created_at,
      })),
      payouts: snapshot.payouts.map((p) => ({
        id: p.id,
        profileId: p.profile_id,
        reference: p.reference,
        amountMinor: p.amount_minor,
        currency: p.currency,
        fields: JSON.parse(p.fields_json) as Record<string, string>,
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
        // A payout the desk paid again stays paid again: the team's Retry of it is refused.
        retryOf: p.retry_of,
      })),
      events: snapshot.events.map((e) => ({
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
  return {
    ...result,
    withoutCheck: snapshot.moved.filter((p) => p.senderCheck === null).map((p) => p.name),
  }
}

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : value === null
      ? {}
      : { detail: value }
