import { spellingFor } from '../ledger/gateway-account.ts'
import { teamBaseUrls } from './team-profile-writes.ts'
import { AppError } from '../errors.ts'
import { connected, versionOf } from './team-admin.ts'
import { hasInvisible, payeeKeysOf, payeeNameOf } from '../../shared/domain/payee-account.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { latestTeamVersion } from './team-schema.ts'

/**
 * A desk's own ledger moved into the team ledger, history and all, by the team ledger's administrator:
 * its profiles, batches, payouts as they ended, and every event, each kept with its own time. The rows
 * are written as they were, not as new payouts, so the triggers that judge a new payout (its status, its
 * preparer, its time) are set aside for this one transaction only (ALTER TABLE is transactional: if
 * anything fails, nothing was written and they are back). Desks wait for it: it locks the payouts.
 */
export interface MovedProfile {
  id: string
  name: string
  provider: string
  area: string
  environment: string
  baseUrl: string
  merchantId: string
  currency: string
  timeZone: string
  notifyUrl: string | null
  gatewayPublicKey: string | null
  perPayoutMinor: number | null
  perDayMinor: number | null
  /** The senders' check from this desk's keychain (team/sender-key.ts), when it holds the secret. */
  senderCheck: string | null
}

export interface MoveSource {
  profiles: readonly MovedProfile[]
  batches: readonly {
    id: string
    profileId: string
    fileName: string | null
    sha256: string | null
    at: number
  }[]
  /** The payouts (the team's columns, times in ms), every one final. */
  payouts: readonly ({
    id: string
    status: string
    profileId: string
    fields: Readonly<Record<string, string>>
  } & Record<string, unknown>)[]
  /** Their events, in order. */
  events: readonly { seq: number; payoutId: string; at: number; kind: string; detail: unknown }[]
  /** Where it came from, for each payout's 'moved' event. */
  from: string
}

const FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'rejected', 'cancelled'])
const PAGE = 2_000
function* pages<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += PAGE) yield rows.slice(i, i + PAGE)
}

export async function moveIntoTeam(
  adminUrl: string,
  source: MoveSource,
  onProgress?: (what: 'payouts' | 'events', done: number) => void,
): Promise<{ profiles: number; payouts: number; events: number }> {
  return connected(adminUrl, async (c) => {
    const version = await versionOf(c)
    if (version === 0) throw new AppError('NOT_FOUND', { key: 'teamLedgerNotSetUp' })
    if (version < latestTeamVersion()) throw new AppError('CONFLICT', { key: 'teamLedgerOlder' })
    await c.query('BEGIN ISOLATION LEVEL READ COMMITTED')
    try {
      await c.query("SELECT pg_advisory_xact_lock(hashtextextended('payout_desk team import-ledger', 0))")
      const taken = await c.query<{ name: string }>(
        'SELECT name FROM payout_desk.profiles WHERE id = ANY ($1) OR name = ANY ($2) ORDER BY name',
        [source.profiles.map((p) => p.id), source.profiles.map((p) => p.name)],
      )
      if (taken.rows.length > 0)
        throw new AppError('CONFLICT', {
          key: 'teamMoveProfilesThere',
          params: { names: taken.rows.map((r) => `"${r.name}"`).join(', ') },
        })
      // The team's spelling of each gateway address (review 80 F4): the desk's own spelling would make its
      // merchant another account here, blind to the references and repeats written at it.
      const spell = (() => {
        let urls: Promise<string[]> | null = null
        return async (url: string) => spellingFor(url, await (urls ??= teamBaseUrls(c)))
      })()
      source = {
        ...source,
        profiles: await Promise.all(
          source.profiles.map(async (p) => ({ ...p, baseUrl: await spell(p.baseUrl) })),
        ),
        payouts: await Promise.all(
          source.payouts.map(async (p) => {
            const account = p.account as { baseUrl?: unknown } | null
            return typeof account?.baseUrl === 'string'
              ? { ...p, account: { ...account, baseUrl: await spell(account.baseUrl) } }
              : p
          }),
        ),
      }
      await c.query(
        `ALTER TABLE payout_desk.payouts DISABLE TRIGGER payout_written, DISABLE TRIGGER payouts_logged,
           DISABLE TRIGGER payout_written_retry;
         ALTER TABLE payout_desk.batches DISABLE TRIGGER batch_written`,
      )
      await c.query(
        `INSERT INTO payout_desk.profiles (id, name, provider, area, environment, base_url, merchant_id, currency,
           time_zone, notify_url, gateway_public_key, per_payout_minor, per_day_minor, sender_check)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, provider text, area text,
           environment text, "baseUrl" text, "merchantId" text, currency text, "timeZone" text,
           "notifyUrl" text, "gatewayPublicKey" text, "perPayoutMinor" bigint, "perDayMinor" bigint,
           "senderCheck" text)`,
        [JSON.stringify(source.profiles)],
      )
      await c.query(
        `INSERT INTO payout_desk.batches (id, profile_id, file_name, file_sha256, created_by, created_at)
         SELECT r.id, r."profileId", r."fileName", r.sha256, session_user, to_timestamp(r.at / 1000.0)
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "profileId" uuid, "fileName" text, sha256 text, at float8)`,
        [JSON.stringify(source.batches)],
      )
      // Only what has ended moves (the caller checked; the team ledger takes no other word for it): a payout
      // that could still leave must never be in two ledgers.
      const open = source.payouts.filter((p) => !FINAL.has(p.status))
      if (open.length > 0)
        throw new AppError('CONFLICT', { key: 'teamMoveOpenPayouts', params: { open: `${open.length}` } })
      // Whom each pays, as a desk writing it keeps it (team migration 10): a file's check finds it by key.
      const shapes = new Map(
        source.profiles.map((p) => [p.id, payoutShape(p.provider as ProviderId, p.area)]),
      )
      const keyed = source.payouts.map((p) => {
        const shape = shapes.get(p.profileId)
        const name = shape ? payeeNameOf(shape, p.fields) : null
        // A name with characters that show as nothing is keyed by no desk (team migration 13): read whole.
        const keys = shape && name !== null && !hasInvisible(name) ? payeeKeysOf(shape, p.fields) : null
        return {
          ...p,
          payeeName: name,
          payeeNameKey: keys?.name ?? null,
          payeeAccountKey: keys?.account ?? null,
        }
      })
      let payouts = 0
      for (const page of pages(keyed)) {
        await c.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, status,
             prepared_by, created_at, updated_at, account, gateway_id, gateway_status, gateway_message, reason,
             last_error, attempts, last_attempt_at, attention, attention_at, attention_detail, batch_id,
             acknowledged, retry_of, moved_in, payee_name_key, payee_account_key)
           SELECT r.id, r."profileId", r.reference, r."amountMinor", r.currency, r.fields, r.status, session_user,
                  to_timestamp(r."createdAt" / 1000.0), to_timestamp(r."updatedAt" / 1000.0), r.account,
                  r."gatewayId", r."gatewayStatus", r."gatewayMessage", r.reason, r."lastError", r.attempts,
                  to_timestamp(r."lastAttemptAt" / 1000.0), r.attention, to_timestamp(r."attentionAt" / 1000.0),
                  r."attentionDetail", r."batchId", true, r."retryOf", true,
                  CASE WHEN k.kept THEN r."payeeNameKey" END, CASE WHEN k.kept THEN r."payeeAccountKey" END
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "profileId" uuid, reference text,
               "amountMinor" bigint, currency text, fields jsonb, status text, "createdAt" float8,
               "updatedAt" float8, account jsonb, "gatewayId" text, "gatewayStatus" text,
               "gatewayMessage" text, reason text, "lastError" text, attempts integer, "lastAttemptAt" float8,
               attention text, "attentionAt" float8, "attentionDetail" jsonb, "batchId" uuid, "retryOf" uuid,
               "payeeName" text, "payeeNameKey" text, "payeeAccountKey" text)
             -- A name beyond ASCII keeps the desk's key only where the book folds it the same, as
             -- write_payouts judges a desk's key (team migration 11): else it is read whole.
             CROSS JOIN LATERAL (SELECT r."payeeName" !~ '[^\\x01-\\x7f]'
                                     OR r."payeeNameKey" = payout_desk.payee_name_fold(r."payeeName") AS kept) k`,
          [JSON.stringify(page)],
        )
        payouts += page.length
        onProgress?.('payouts', payouts)
      }
      let events = 0
      for (const page of pages(source.events)) {
        await c.query(
          `INSERT INTO payout_desk.payout_events (payout_id, at, kind, person, detail)
           SELECT r."payoutId", to_timestamp(r.at / 1000.0), r.kind, session_user, r.detail
             FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, "payoutId" uuid, at float8, kind text, detail jsonb)
            ORDER BY r.seq`,
          [JSON.stringify(page)],
        )
        events += page.length
        onProgress?.('events', events)
      }
      await c.query(
        `INSERT INTO payout_desk.payout_events (payout_id, kind, person, detail)
         SELECT id, 'moved', session_user, jsonb_build_object('from', $2::text) FROM payout_desk.payouts
          WHERE profile_id = ANY ($1) ORDER BY created_at, id`,
        [source.profiles.map((p) => p.id), source.from],
      )
      await c.query(
        `ALTER TABLE payout_desk.payouts ENABLE TRIGGER payout_written, ENABLE TRIGGER payouts_logged,
           ENABLE TRIGGER payout_written_retry;
         ALTER TABLE payout_desk.batches ENABLE TRIGGER batch_written`,
      )
      await c.query('COMMIT')
      return { profiles: source.profiles.length, payouts, events }
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined)
      const e = error as { code?: string; detail?: string }
      if (e.code === '23505')
        throw new AppError(
          'CONFLICT',
          { key: 'teamMoveReferenceThere', params: { detail: e.detail ?? '' } },
          { cause: error },
        )
      throw error
    }
  })
}
