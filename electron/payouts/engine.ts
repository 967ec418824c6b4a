import { isFinalStatus, PENDING_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { AppError } from '../errors.ts'
import type { CreateOutcome, GatewayState, HttpReply, ProviderClient } from '../providers/types.ts'
import type { ClientResolver } from './client-resolver.ts'
import {
  claimForSubmit,
  findByReference,
  idsWithStatus,
  loadPayout,
  observe,
  recordCallback,
  recordCallbackRejection,
  recordExchange,
  type EnginePayout,
  type Observation,
} from './payout-store.ts'

/** Waits between status checks of a payout that is not final yet; reset whenever its status changes. */
const CHECK_DELAYS_MS = [3_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000]
export const nextCheckDelay = (step: number): number =>
  CHECK_DELAYS_MS[Math.min(step, CHECK_DELAYS_MS.length - 1)] ?? 1_800_000

export interface EngineOptions {
  db: Ledger
  resolveClient: ClientResolver
  now?: () => number
  /** Told about every payout whose row changed, so the window can follow. */
  onChange?: (ids: string[]) => void
  /** Told when a payout reaches a final state (for desktop notifications). */
  onFinal?: (id: string, status: PayoutStatus) => void
  /** Told about failures that leave a payout as it was (keychain locked, profile gone…). */
  onError?: (id: string, error: unknown) => void
}

export type RefreshResult =
  | { kind: 'updated'; status: PayoutStatus }
  | { kind: 'inconclusive'; status: PayoutStatus; reason: string; message: string }
  | { kind: 'skipped'; status: PayoutStatus }

/**
 * Everything between "send" and "the ledger knows the truth". Every request is preceded by a committed
 * write (the reference and fields never change), every answer is recorded verbatim, and a payout whose
 * fate is unknown is only ever resolved by asking the gateway, or re-sent under the same reference
 * when the gateway says it never received it.
 */
export function createEngine(options: EngineOptions) {
  const { db, resolveClient } = options
  const now = options.now ?? Date.now
  const changed = (id: string) => options.onChange?.([id])
  // One operation per payout at a time inside this process (a send and a poll must not interleave).
  const busy = new Set<string>()

  function observeAndTell(id: string, obs: Observation) {
    const result = observe(db, id, obs, now())
    if (result.changed && isFinalStatus(result.to)) options.onFinal?.(id, result.to)
    return result
  }

  async function clientFor(payout: EnginePayout): Promise<ProviderClient> {
    const profile = getProfile(db, payout.profileId)
    if (!profile) throw new AppError('NOT_FOUND', 'The profile of this payout no longer exists.')
    return resolveClient(profile)
  }

  function applyState(
    payout: EnginePayout,
    state: GatewayState,
    source: 'create' | 'query' | 'callback',
    gatewayId: string | null,
    amountMinor: number | null,
  ): PayoutStatus {
    // A gateway that reports another amount than we sent gets a person's attention, whatever it says.
    const amountMismatch = amountMinor !== null && amountMinor !== payout.amountMinor
    const to: PayoutStatus = amountMismatch ? 'needs_review' : state.state
    const final = to === 'succeeded' || to === 'failed'
    const result = observeAndTell(payout.id, {
      to,
      source,
      gatewayId,
      gatewayStatus: state.gatewayStatus,
      gatewayMessage: state.gatewayMessage,
      lastError: amountMismatch
        ? `The gateway reports ${amountMinor} instead of ${payout.amountMinor}; check this payout with the gateway.`
        : null,
      acknowledged: true,
      checked: source === 'query',
      checkFailures: 0,
      nextCheckAt: final ? null : now() + nextCheckDelay(to === payout.status ? payout.checkFailures + 1 : 0),
    })
    return result.to
  }

  async function submit(payout: EnginePayout, from: readonly PayoutStatus[]): Promise<PayoutStatus> {
    // Resolved before the claim: a locked keychain or a deleted profile leaves the payout untouched.
    const client = await clientFor(payout)
    const claimed = claimForSubmit(db, payout.id, from, now())
    if (!claimed) return loadPayout(db, payout.id)?.status ?? payout.status
    changed(payout.id)
    let outcome: CreateOutcome
    try {
      outcome = await client.create({
        reference: claimed.reference,
        amountMinor: claimed.amountMinor,
        currency: claimed.currency,
        fields: claimed.fields,
      })
    } catch (error) {
      // The clients throw AppError only before a request leaves, so the payout can wait in the queue.
      if (error instanceof AppError) {
        observeAndTell(claimed.id, {
          to: 'queued',
          source: 'create',
          reason: 'bad_request',
          lastError: error.message,
          nextCheckAt: null,
        })
      }
      throw error
    }
    recordExchange(db, claimed.id, 'create', outcome.exchange, outcome.kind, now())
    switch (outcome.kind) {
      case 'accepted':
        return applyState(claimed, outcome.state, 'create', outcome.gatewayId, null)
      case 'rejected':
        return observeAndTell(claimed.id, {
          to: 'rejected',
          source: 'create',
          reason: outcome.reason,
          lastError: outcome.message,
          gatewayStatus: outcome.gatewayCode,
          nextCheckAt: null,
        }).to
      case 'exists':
        observeAndTell(claimed.id, {
          to: 'unknown',
          source: 'create',
          reason: 'duplicate_reference',
          lastError: 'The gateway already has this reference; asking it for the status.',
          acknowledged: true,
          nextCheckAt: now(),
        })
        return (await refreshUnlocked(claimed.id)).status
      case 'unknown':
        return observeAndTell(claimed.id, {
          to: 'unknown',
          source: 'create',
          reason: outcome.reason,
          lastError: outcome.message,
          gatewayStatus: outcome.gatewayCode,
          nextCheckAt: now() + nextCheckDelay(0),
        }).to
    }
  }

  async function refreshUnlocked(id: string): Promise<RefreshResult> {
    const payout = loadPayout(db, id)
    if (!payout) throw new AppError('NOT_FOUND', 'That payout is not in the ledger.')
    if (!PENDING_STATUSES.includes(payout.status)) return { kind: 'skipped', status: payout.status }
    const client = await clientFor(payout)
    const outcome = await client.query(payout.reference)
    recordExchange(db, id, 'query', outcome.exchange, outcome.kind, now())
    if (outcome.kind === 'found') {
      return {
        kind: 'updated',
        status: applyState(payout, outcome.state, 'query', outcome.gatewayId, outcome.amountMinor),
      }
    }
    if (
      outcome.kind === 'not_found' &&
      !payout.acknowledged &&
      (payout.status === 'unknown' || payout.status === 'submitting')
    ) {
      // The gateway never received it: send the same fields under the same reference (freshly signed).
      observeAndTell(id, {
        to: 'unknown',
        source: 'query',
        reason: 'not_found',
        lastError: 'The gateway never received this payout; sending it again under the same reference.',
        checked: true,
        nextCheckAt: now(),
      })
      return { kind: 'updated', status: await submit(payout, ['unknown', 'submitting']) }
    }
    const failures = payout.checkFailures + 1
    const reason = outcome.kind === 'not_found' ? 'not_found' : outcome.reason
    const message =
      outcome.kind === 'not_found'
        ? 'The gateway no longer finds a payout it confirmed before; check it with the gateway.'
        : outcome.message
    // Left mid-send by an earlier run (this process holds the lock, so no send is in flight): in doubt.
    const to: PayoutStatus =
      outcome.kind === 'not_found'
        ? 'needs_review'
        : payout.status === 'submitting'
          ? 'unknown'
          : payout.status
    observeAndTell(id, {
      to,
      source: 'query',
      reason,
      lastError: message,
      checked: true,
      checkFailures: failures,
      nextCheckAt: now() + nextCheckDelay(failures),
    })
    return { kind: 'inconclusive', status: to, reason, message }
  }

  async function exclusive<T>(id: string, run: () => Promise<T>, busyValue: () => T): Promise<T> {
    if (busy.has(id)) return busyValue()
    busy.add(id)
    try {
      return await run()
    } finally {
      busy.delete(id)
      changed(id)
    }
  }

  const statusOf = (id: string): PayoutStatus => loadPayout(db, id)?.status ?? 'draft'

  /** Sends a queued payout. Safe to call twice: only one call gets to send it. */
  function send(id: string): Promise<PayoutStatus> {
    return exclusive(
      id,
      async () => {
        const payout = loadPayout(db, id)
        if (!payout) throw new AppError('NOT_FOUND', 'That payout is not in the ledger.')
        return submit(payout, ['queued'])
      },
      () => statusOf(id),
    )
  }

  /** Asks the gateway now, whatever the backoff says. */
  function refresh(id: string): Promise<RefreshResult> {
    return exclusive(
      id,
      () => refreshUnlocked(id),
      () => ({ kind: 'skipped' as const, status: statusOf(id) }),
    )
  }

  /**
   * On start, before anything new is sent: every payout left mid-send or in doubt is asked about.
   * Returns the ids that are still in doubt afterwards.
   */
  async function recover(): Promise<string[]> {
    for (const id of idsWithStatus(db, ['submitting', 'unknown'])) {
      try {
        await refresh(id)
      } catch (error) {
        // A gateway or keychain problem leaves it in doubt; the poller and the person see it.
        options.onError?.(id, error)
      }
    }
    return idsWithStatus(db, ['submitting', 'unknown'])
  }

  /** Verifies and applies a gateway callback for `profileId`; returns the answer the gateway expects. */
  async function applyCallback(profileId: string, rawBody: string): Promise<HttpReply> {
    const profile = getProfile(db, profileId)
    if (!profile) {
      recordCallbackRejection(db, null, 'unknown_profile', `no profile ${profileId}`, rawBody, now())
      return { status: 404, contentType: 'text/plain', body: 'unknown profile' }
    }
    const result = (await resolveClient(profile)).handleCallback(rawBody)
    if (!result.accepted) {
      recordCallbackRejection(db, profileId, result.reason, result.detail, rawBody, now())
      return result.reply
    }
    const payout = findByReference(db, profileId, result.event.reference)
    if (!payout) {
      recordCallbackRejection(db, profileId, 'unknown_reference', result.event.reference, rawBody, now())
      // Not ours: refuse, so the gateway does not count it as delivered.
      const body =
        profile.provider === 'vexora' ? 'FAIL' : JSON.stringify({ code: 21006, message: 'not found' })
      return { ...result.reply, status: 404, body }
    }
    recordCallback(db, payout.id, rawBody, now())
    applyState(payout, result.event.state, 'callback', result.event.gatewayId, result.event.amountMinor)
    changed(payout.id)
    return result.reply
  }

  return { send, refresh, recover, applyCallback }
}

export type Engine = ReturnType<typeof createEngine>
