import { isFinalStatus, PENDING_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import { persist } from '../ledger/busy-retry.ts'
import { accountOf, sameAccount } from '../ledger/gateway-account.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { AppError } from '../errors.ts'
import type { CreateOutcome, HttpReply, ProviderClient } from '../providers/types.ts'
import { judgeAnswer, type Answer } from './answers.ts'
import type { ClientResolver } from './client-resolver.ts'
import { leaseOwnerId, releaseLease, renewLease, takeLease } from './leases.ts'
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

/** How long a create request may take (the clients' timeout); leases and the settle period follow it. */
export const REQUEST_TIMEOUT_MS = 15_000

export interface EngineOptions {
  db: Ledger
  resolveClient: ClientResolver
  now?: () => number
  /** Who we are in the ledger's leases (default: this machine, process and engine). */
  owner?: string
  /** How long a lease lasts unless renewed; longer than a request may take (default 4 × timeout). */
  leaseMs?: number
  /**
   * How long after the last create request a gateway's "not found" is believed: a payout may take a
   * while to show up in a gateway's status checks (default 40 × the request timeout, 10 minutes).
   * Before that, "not found" is only "not yet"; after it, the payout is re-sent (same reference) at
   * most `maxResends` times, then a person decides.
   */
  settleMs?: number
  maxResends?: number
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
 * write and a lease (the reference and fields never change; nobody else talks about the payout
 * meanwhile), every answer is recorded verbatim even while another process holds the ledger, and a
 * payout whose fate is unknown is only ever resolved by asking the gateway, by a re-send under the same
 * reference once the gateway has had time to show it, or by a person.
 */
export function createEngine(options: EngineOptions) {
  const { db, resolveClient } = options
  const now = options.now ?? Date.now
  const owner = options.owner ?? leaseOwnerId()
  const leaseMs = options.leaseMs ?? 4 * REQUEST_TIMEOUT_MS
  const settleMs = options.settleMs ?? 40 * REQUEST_TIMEOUT_MS
  const maxResends = options.maxResends ?? 2
  const lease = { owner, ms: leaseMs }
  const changed = (id: string) => options.onChange?.([id])
  // One operation per payout at a time inside this process; the lease does the same across processes.
  const busy = new Set<string>()

  const write = <T>(work: () => T) => persist(db, work)

  async function observeAndTell(id: string, obs: Observation) {
    const result = await write(() => observe(db, id, obs, now()))
    if (result.changed && isFinalStatus(result.to)) options.onFinal?.(id, result.to)
    return result
  }

  /** The payout's frozen gateway account, with its profile's secret; null when the two disagree. */
  async function clientFor(payout: EnginePayout): Promise<ProviderClient | null> {
    const profile = getProfile(db, payout.profileId)
    if (!profile) throw new AppError('NOT_FOUND', 'The profile of this payout no longer exists.')
    if (payout.account && !sameAccount(payout.account, accountOf(profile))) {
      await observeAndTell(payout.id, {
        to: payout.status,
        source: 'user',
        lastError:
          'Its profile now names another gateway account than the one this payout was sent to, so it is not asked about there.',
        attention: { reason: 'account_changed', detail: { gateway: null, ledger: null } },
        nextCheckAt: null,
      })
      return null
    }
    return resolveClient(payout.account ? { ...profile, ...payout.account } : profile)
  }

  async function apply(payout: EnginePayout, answer: Answer, checked: boolean): Promise<PayoutStatus> {
    const decision = judgeAnswer(payout, answer, now())
    const final = isFinalStatus(decision.to) && decision.attention === undefined
    const result = await observeAndTell(payout.id, {
      ...decision.observation,
      to: decision.to,
      source: answer.source,
      acknowledged: true,
      checked,
      attention: decision.attention,
      nextCheckAt: final || isFinalStatus(payout.status) ? null : now() + nextCheckDelay(decision.step),
    })
    return result.to
  }

  async function submit(payout: EnginePayout, from: readonly PayoutStatus[]): Promise<PayoutStatus> {
    // Resolved before the claim: a locked keychain or a deleted profile leaves the payout untouched.
    const client = await clientFor(payout)
    if (!client) return payout.status
    const claimed = await write(() => claimForSubmit(db, payout.id, from, now(), lease))
    if (!claimed) return loadPayout(db, payout.id)?.status ?? payout.status
    changed(payout.id)
    const resend = claimed.attempts > 1
    let outcome: CreateOutcome
    try {
      outcome = await client.create({
        reference: claimed.reference,
        amountMinor: claimed.amountMinor,
        currency: claimed.currency,
        fields: claimed.fields,
      })
    } catch (error) {
      // The clients throw AppError only before a request leaves. A first attempt can wait in the queue;
      // a re-send cannot, because the attempt before it may still land.
      if (error instanceof AppError) {
        await observeAndTell(claimed.id, {
          to: resend ? 'unknown' : 'queued',
          source: 'create',
          reason: 'bad_request',
          lastError: error.message,
          nextCheckAt: resend ? now() + nextCheckDelay(0) : null,
        })
      }
      throw error
    }
    await write(() => recordExchange(db, claimed.id, 'create', outcome.exchange, outcome.kind, now()))
    const current = loadPayout(db, claimed.id) ?? claimed
    switch (outcome.kind) {
      case 'accepted':
        return apply(current, { source: 'create', ...outcome, amountMinor: null, amountText: null }, false)
      case 'rejected': {
        // Final only when this was the one and only attempt: otherwise an earlier one may still land.
        const only = claimed.attempts === 1 && current.attempts === 1
        return (
          await observeAndTell(claimed.id, {
            to: only ? 'rejected' : 'unknown',
            source: 'create',
            reason: outcome.reason,
            lastError: only
              ? outcome.message
              : `The gateway refused the re-send (${outcome.message}) An earlier attempt may still be paid, so it keeps being checked.`,
            gatewayStatus: outcome.gatewayCode,
            attention: only
              ? undefined
              : { reason: 'resend_refused', detail: { gateway: null, ledger: null } },
            nextCheckAt: only ? null : now() + nextCheckDelay(1),
          })
        ).to
      }
      case 'exists':
        await observeAndTell(claimed.id, {
          to: 'unknown',
          source: 'create',
          reason: 'duplicate_reference',
          lastError: 'The gateway already has this reference; asking it for the status.',
          acknowledged: true,
          nextCheckAt: now(),
        })
        return (await refreshHeld(claimed.id)).status
      case 'unknown':
        return (
          await observeAndTell(claimed.id, {
            to: 'unknown',
            source: 'create',
            reason: outcome.reason,
            lastError: outcome.message,
            gatewayStatus: outcome.gatewayCode,
            nextCheckAt: now() + nextCheckDelay(0),
          })
        ).to
    }
  }

  /** Asks the gateway about a payout whose lease we hold. */
  async function refreshHeld(id: string): Promise<RefreshResult> {
    const payout = loadPayout(db, id)
    if (!payout) throw new AppError('NOT_FOUND', 'That payout is not in the ledger.')
    if (!PENDING_STATUSES.includes(payout.status)) return { kind: 'skipped', status: payout.status }
    const client = await clientFor(payout)
    if (!client) return { kind: 'skipped', status: payout.status }
    const outcome = await client.query(payout.reference)
    await write(() => recordExchange(db, id, 'query', outcome.exchange, outcome.kind, now()))
    const current = loadPayout(db, id) ?? payout
    if (outcome.kind === 'found') {
      return { kind: 'updated', status: await apply(current, { source: 'query', ...outcome }, true) }
    }
    const sinceAttempt = now() - (current.lastAttemptAt ?? current.createdAt)
    const unsent = current.status === 'unknown' || current.status === 'submitting'
    const failures = current.checkFailures + 1
    if (outcome.kind === 'not_found' && !current.acknowledged && unsent) {
      if (sinceAttempt < settleMs) {
        // Not yet: a gateway can take a while to show a payout it is still taking in.
        const message =
          'The gateway does not show this payout yet; it is asked again before anything is re-sent.'
        await observeAndTell(id, {
          to: 'unknown',
          source: 'query',
          reason: 'not_found',
          lastError: message,
          checked: true,
          checkFailures: failures,
          nextCheckAt: (current.lastAttemptAt ?? now()) + settleMs,
        })
        return { kind: 'inconclusive', status: 'unknown', reason: 'not_found', message }
      }
      if (current.resends < maxResends) {
        // The gateway never received it: send the same fields under the same reference (freshly signed).
        await observeAndTell(id, {
          to: 'unknown',
          source: 'query',
          reason: 'not_found',
          lastError: 'The gateway never received this payout; sending it again under the same reference.',
          checked: true,
          resends: current.resends + 1,
          nextCheckAt: now(),
        })
        const reloaded = loadPayout(db, id) ?? current
        return { kind: 'updated', status: await submit(reloaded, ['unknown', 'submitting']) }
      }
    }
    const reason = outcome.kind === 'not_found' ? 'not_found' : outcome.reason
    const message =
      outcome.kind === 'not_found'
        ? current.acknowledged
          ? 'The gateway no longer finds a payout it confirmed before; check it with the gateway.'
          : 'The gateway still does not have this payout after it was sent again; check it with the gateway.'
        : outcome.message
    // Left mid-send by a run that is gone (we hold the lease, so no request of it is in flight): in doubt.
    const to: PayoutStatus = current.status === 'submitting' ? 'unknown' : current.status
    const raise =
      outcome.kind === 'not_found'
        ? 'not_found'
        : (to === 'unknown' && sinceAttempt >= settleMs) || current.attention === 'in_doubt'
          ? 'in_doubt'
          : null
    await observeAndTell(id, {
      to,
      source: 'query',
      reason,
      lastError: message,
      checked: true,
      checkFailures: failures,
      // A payout that waits for a person is still asked about now and then, in case the gateway knows.
      attention:
        raise && !current.attention ? { reason: raise, detail: { gateway: null, ledger: null } } : undefined,
      nextCheckAt: now() + nextCheckDelay(failures),
    })
    return { kind: 'inconclusive', status: to, reason, message }
  }

  /**
   * Runs `work` while holding the payout's lease (in this process and in the ledger); what `busyValue`
   * says when someone else holds it. The lease is renewed while work waits on the gateway.
   */
  async function leased<T>(id: string, work: () => Promise<T>, busyValue: () => T): Promise<T> {
    if (busy.has(id)) return busyValue()
    busy.add(id)
    try {
      const taken = await write(() => takeLease(db, id, owner, now(), leaseMs))
      if (!taken) return busyValue()
      const renewal = setInterval(() => {
        void write(() => renewLease(db, id, owner, now(), leaseMs)).catch((error: unknown) =>
          options.onError?.(id, error),
        )
      }, leaseMs / 3)
      renewal.unref()
      try {
        return await work()
      } finally {
        clearInterval(renewal)
        await write(() => releaseLease(db, id, owner))
      }
    } finally {
      busy.delete(id)
      changed(id)
    }
  }

  const statusOf = (id: string): PayoutStatus => loadPayout(db, id)?.status ?? 'draft'

  /** Sends a queued payout. Safe to call twice, from any process: only one call gets to send it. */
  function send(id: string): Promise<PayoutStatus> {
    return leased(
      id,
      async () => {
        const payout = loadPayout(db, id)
        if (!payout) throw new AppError('NOT_FOUND', 'That payout is not in the ledger.')
        return submit(payout, ['queued'])
      },
      () => statusOf(id),
    )
  }

  /** Asks the gateway now, whatever the backoff says; skipped while someone else talks about it. */
  function refresh(id: string): Promise<RefreshResult> {
    return leased(
      id,
      () => refreshHeld(id),
      () => ({ kind: 'skipped' as const, status: statusOf(id) }),
    )
  }

  /** Sends a payout that is not final again, under its one reference (a person's decision). */
  const resend = (payout: EnginePayout) => submit(payout, ['unknown', 'submitting', 'needs_review'])

  /**
   * On start, before anything new is sent: every payout left mid-send or in doubt is asked about (those
   * another process is busy with are left to it). Returns the ids that are still in doubt afterwards.
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
      await write(() =>
        recordCallbackRejection(db, null, 'unknown_profile', `no profile ${profileId}`, rawBody, now()),
      )
      return { status: 404, contentType: 'text/plain', body: 'unknown profile' }
    }
    const result = (await resolveClient(profile)).handleCallback(rawBody)
    if (!result.accepted) {
      await write(() => recordCallbackRejection(db, profileId, result.reason, result.detail, rawBody, now()))
      return result.reply
    }
    const payout = findByReference(db, profileId, result.event.reference)
    if (!payout) {
      await write(() =>
        recordCallbackRejection(db, profileId, 'unknown_reference', result.event.reference, rawBody, now()),
      )
      // Not ours: refuse, so the gateway does not count it as delivered.
      const body =
        profile.provider === 'vexora' ? 'FAIL' : JSON.stringify({ code: 21006, message: 'not found' })
      return { ...result.reply, status: 404, body }
    }
    await write(() => recordCallback(db, payout.id, rawBody, now()))
    // Read again after the write: the payout may have moved while the ledger was busy.
    await apply(loadPayout(db, payout.id) ?? payout, { source: 'callback', ...result.event }, false)
    changed(payout.id)
    return result.reply
  }

  return {
    send,
    refresh,
    recover,
    applyCallback,
    /** For a person's decision: the lease, a re-send under it, and a check under it. */
    leased,
    resend,
    refreshHeld,
    owner,
  }
}

export type Engine = ReturnType<typeof createEngine>
