import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { Exchange } from '../providers/types.ts'
import type { GatewayAccount } from './gateway-account.ts'
import type { EnginePayout, Observation } from './payout-store.ts'
import type { ProfileRecord } from './profiles-repo.ts'

/**
 * The storage port under the engine (electron/payouts/engine.ts): everything the sending rules keep or
 * look up, and nothing they decide. The engine judges answers, chooses statuses and when to ask again;
 * a store only keeps what it is told, each call in one transaction of its own, and answers questions.
 * The local SQLite ledger is one store (payouts/sqlite-engine-store.ts); the team ledger on PostgreSQL is
 * the other (team/team-engine-store.ts), with the same promises:
 *
 * - A lease (take, renew, release) gives one owner a payout at a time, across processes and desks.
 * - `claimForSubmit` is the write ahead of every request: it moves the payout to `submitting` and counts
 *   the attempt, only from the statuses given, only for the lease's owner, only if the payout may leave,
 *   and is committed before the request goes.
 * - `observe` decides on the payout as stored inside its own transaction (a function of it), so an answer
 *   judged against a row another process moved meanwhile is judged again against what it is now.
 */
export interface EngineStore {
  profile(id: string): Promise<ProfileRecord | null>
  payout(id: string): Promise<EnginePayout | null>
  /** Those of these payouts that exist, read at once (in no particular order). */
  payouts(ids: readonly string[]): Promise<EnginePayout[]>
  /** The payout under this reference, written for this profile. */
  payoutByReference(profileId: string, reference: string): Promise<EnginePayout | null>
  /** The payout under this reference written for this gateway account (through any profile). */
  payoutAtAccount(account: GatewayAccount, reference: string): Promise<EnginePayout | null>
  /** Oldest first. */
  idsWithStatus(statuses: readonly PayoutStatus[]): Promise<string[]>
  /** Single payouts (not of a batch) a person confirmed that are still queued: never sent. */
  confirmedSinglesLeftQueued(): Promise<string[]>

  takeLease(id: string, owner: string, ms: number): Promise<boolean>
  renewLease(id: string, owner: string, ms: number): Promise<boolean>
  releaseLease(id: string, owner: string): Promise<void>
  claimForSubmit(
    id: string,
    from: readonly PayoutStatus[],
    lease: { owner: string; ms: number },
  ): Promise<EnginePayout | null>
  /**
   * Told (by sendEach) that `id`'s claim is to come right after payout `after`'s answer: a store across a
   * network may send the two in one call. Until `afterDone` settles, `id`'s claim waits for that answer;
   * after it, it goes alone. Optional: a store without it claims as always.
   */
  claimAfter?(id: string, after: string, afterDone: Promise<unknown>): void
  /** Quitting: the claims waiting (claimAfter) are not made; each says "not claimed". */
  dropWaitingClaims?(): void

  /** Applies an observation; with `answer`, the exchange it came from is kept in the same commit. */
  observe(
    id: string,
    observation: Observation | ((current: EnginePayout) => Observation),
    answer?: AnswerRecord,
  ): Promise<{ from: PayoutStatus; to: PayoutStatus; changed: boolean }>
  /** A gateway's exchange, kept verbatim on its own. */
  recordExchange(id: string, answer: AnswerRecord): Promise<void>

  callbackSeen(signed: string): Promise<boolean>
  recordCallback(id: string, rawBody: string): Promise<void>
  rememberCallback(id: string, signed: string): Promise<void>
  recordCallbackRejection(
    profileId: string | null,
    reason: string,
    detail: string,
    body: string,
  ): Promise<void>
}

/** A gateway's exchange, recorded verbatim with what it meant for the payout. */
export interface AnswerRecord {
  kind: 'create' | 'query'
  exchange: Exchange
  outcome: string
}
