import type { ErrorText } from '../../shared/messages/errors.ts'
import { storeText } from '../../shared/messages/stored-text.ts'
import { isFinalStatus, PENDING_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { AnswerRecord, EngineStore } from '../ledger/engine-store.ts'
import { accountOf, sameAccount } from '../ledger/gateway-account.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { AppError } from '../errors.ts'
import type { CreateOutcome, HttpReply, ProviderClient, QueryOutcome } from '../providers/types.ts'
import type { FreshAnswer } from './retry-answer.ts'
import { judgeAnswer, judgeMissingAnswer, judgeRefusal, nextCheckDelay, type Answer } from './answers.ts'
import type { RefreshResult } from './answers.ts'
import type { ClientResolver } from './client-resolver.ts'
import { leaseOwnerId } from '../ledger/leases.ts'
import type { EnginePayout, Observation } from '../ledger/payout-store.ts'
import type { ProfileRecord } from '../ledger/profiles-repo.ts'
import { sendEach, type SendEachOptions } from './send-each.ts'
import { sqliteEngineStore } from './sqlite-engine-store.ts'

/** How long a create request may take (the clients' timeout); leases and the settle period follow it. */
export const REQUEST_TIMEOUT_MS = 15_000

/** Where payouts are kept: the local ledger, or another store (the team ledger's). */
type EngineStorage = { db: Ledger; store?: undefined } | { store: EngineStore; db?: undefined }

export type EngineOptions = EngineStorage & {
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

export type { RefreshResult }

/**
 * Everything between "send" and "the ledger knows the truth". Every request is preceded by a committed
 * write and a lease (the reference and fields never change; nobody else talks about the payout
 * meanwhile), every answer is recorded verbatim even while another process holds the ledger, and a
 * payout whose fate is unknown is only ever resolved by asking the gateway, by a re-send under the same
 * reference once the gateway has had time to show it, or by a person.
 */
export function createEngine(options: EngineOptions) {
  const { resolveClient } = options
  const now = options.now ?? Date.now
  const store = options.store ?? sqliteEngineStore(options.db, now)
  const owner = options.owner ?? leaseOwnerId()
  const leaseMs = options.leaseMs ?? 4 * REQUEST_TIMEOUT_MS
  const settleMs = options.settleMs ?? 40 * REQUEST_TIMEOUT_MS
  const maxResends = options.maxResends ?? 2
  const lease = { owner, ms: leaseMs }
  const changed = (id: string) => options.onChange?.([id])
  // One operation per payout at a time inside this process; the lease does the same across processes.
  const busy = new Set<string>()
  // What is talking to a gateway right now, so closing can let it finish and write its answer.
  const inFlight = new Set<Promise<unknown>>()
  let closing = false

  /**
   * Applies an observation; with `answer`, the gateway's exchange it came from is recorded in the same
   * commit (one wait for the disk per answer, not two, on the thread that draws the window). An answer
   * whose meaning cannot be written is still kept, verbatim, on its own.
   */
  async function observeAndTell(
    id: string,
    obs: Observation | ((current: EnginePayout) => Observation),
    answer?: AnswerRecord,
  ) {
    const result = await store.observe(id, obs, answer).catch(async (error: unknown) => {
      // An error means nothing of the store's transaction was committed (a busy ledger is waited out
      // inside it), so the answer is not recorded twice.
      if (answer) await store.recordExchange(id, answer).catch(() => undefined)
      throw error
    })
    if (result.changed && isFinalStatus(result.to)) options.onFinal?.(id, result.to)
    return result
  }

  /**
   * The payout's frozen gateway account, with its profile's secret; null when the two disagree. `read` is
   * its profile as just read (sendEach), or it is read now.
   */
  async function clientFor(
    payout: EnginePayout,
    read?: Promise<ProfileRecord | null>,
  ): Promise<ProviderClient | null> {
    const profile = await (read ?? store.profile(payout.profileId))
    if (!profile) throw new AppError('NOT_FOUND', { key: 'payoutProfileGone' })
    if (payout.account && !sameAccount(payout.account, accountOf(profile))) {
      // Kept in the status it has as stored, not as read: a payout read before its lease (sendEach) may
      // have been claimed since, and "queued" would then put it back on its way.
      await observeAndTell(payout.id, (current) => ({
        to: current.status,
        source: 'user',
        lastError: storeText({ key: 'noteAccountMoved' }),
        attention: { reason: 'account_changed', detail: { gateway: null, ledger: null } },
        // Still checked now and then: once the profile names its account again, it is asked there.
        nextCheckAt: now() + nextCheckDelay(current.checkFailures + 1),
      }))
      return null
    }
    return resolveClient(payout.account ? { ...profile, ...payout.account } : profile)
  }

  /**
   * What keeps a profile's payouts from ever leaving (a setting its gateway requires), or null; asked
   * before anything is written (actions/can-send.ts). A keychain that cannot be read throws, as a send would.
   */
  async function cannotSend(profileId: string): Promise<ErrorText | null> {
    const profile = await store.profile(profileId)
    return profile ? (await resolveClient(profile)).cannotSend : null
  }

  /** Applies a gateway's answer to the payout as the ledger holds it at that moment. */
  async function apply(
    id: string,
    answer: Answer,
    checked: boolean,
    record?: AnswerRecord,
  ): Promise<PayoutStatus> {
    const result = await observeAndTell(
      id,
      (current) => {
        const decision = judgeAnswer(current, answer, now())
        return {
          ...decision.observation,
          to: decision.to,
          source: answer.source,
          acknowledged: true,
          checked,
          attention: decision.attention,
          nextCheckAt: isFinalStatus(decision.to) ? null : now() + nextCheckDelay(decision.step),
        }
      },
      record,
    )
    return result.to
  }

  /** `profile`: read ahead with the payout (sendEach's, the only caller passing it). */
  async function submit(
    payout: EnginePayout,
    from: readonly PayoutStatus[],
    profile?: Promise<ProfileRecord | null>,
  ): Promise<PayoutStatus> {
    // Resolved before the claim: a locked keychain or a deleted profile leaves the payout untouched.
    const client = await clientFor(payout, profile)
    if (!client) return payout.status
    // Quitting: a payout sendEach began early is not claimed (a re-send a check decided on still goes,
    // as its note says). dropWaitingClaims ends a claim that already waits to ride on an answer.
    if (closing && profile) return payout.status
    const claimed = await store.claimForSubmit(payout.id, from, lease)
    if (!claimed) {
      const now = await store.payout(payout.id)
      // Checked against a profile read ahead (sendEach): the ledger refuses a claim for an account the
      // profile left since, and the profile as it is now says so to a person, as `send` would have.
      if (profile && now?.status === 'queued') await clientFor(now)
      return now?.status ?? payout.status
    }
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
        const unreachable = error.code === 'UNREACHABLE'
        await observeAndTell(claimed.id, {
          to: resend ? 'unknown' : 'queued',
          source: 'create',
          reason: unreachable ? 'network' : 'bad_request',
          lastError: storeText(error.text),
          nextCheckAt: resend ? now() + nextCheckDelay(0) : null,
          // Nothing left: the next send is this attempt again, not a re-send (whose refusal would prove
          // nothing about an earlier attempt).
          nothingLeft: true,
        })
      }
      throw error
    }
    const record: AnswerRecord = { kind: 'create', exchange: outcome.exchange, outcome: outcome.kind }
    switch (outcome.kind) {
      case 'accepted':
        return apply(
          claimed.id,
          { source: 'create', ...outcome, amountMinor: null, amountText: null },
          false,
          record,
        )
      case 'rejected':
        return (
          await observeAndTell(
            claimed.id,
            (current) => judgeRefusal(claimed, current, outcome, now()),
            record,
          )
        ).to
      case 'exists':
        await observeAndTell(
          claimed.id,
          {
            to: 'unknown',
            source: 'create',
            reason: 'duplicate_reference',
            lastError: storeText({ key: 'noteReferenceExists' }),
            acknowledged: true,
            nextCheckAt: now(),
          },
          record,
        )
        return (await refreshHeld(claimed.id)).status
      case 'unknown':
        return (
          await observeAndTell(
            claimed.id,
            {
              to: 'unknown',
              source: 'create',
              reason: outcome.reason,
              lastError: storeText(outcome.note),
              gatewayStatus: outcome.gatewayCode,
              nextCheckAt: now() + nextCheckDelay(0),
            },
            record,
          )
        ).to
    }
  }

  /** Asks the gateway about a payout whose lease we hold. */
  async function refreshHeld(id: string): Promise<RefreshResult> {
    const payout = await store.payout(id)
    if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
    if (!PENDING_STATUSES.includes(payout.status)) return { kind: 'skipped', status: payout.status }
    const client = await clientFor(payout)
    if (!client) return { kind: 'skipped', status: payout.status }
    const outcome = await client.query(payout.reference)
    const record: AnswerRecord = { kind: 'query', exchange: outcome.exchange, outcome: outcome.kind }
    if (outcome.kind === 'found') {
      return { kind: 'updated', status: await apply(id, { source: 'query', ...outcome }, true, record) }
    }
    const current = (await store.payout(id)) ?? payout
    const next = judgeMissingAnswer(current, outcome, now(), { settleMs, maxResends })
    await observeAndTell(id, next.observation, record)
    if (!next.resend) return next.result
    // The gateway never received it: the same fields under the same reference, freshly signed.
    const again = (await store.payout(id)) ?? current
    return { kind: 'updated', status: await submit(again, ['unknown', 'submitting']) }
  }

  /**
   * Runs `work` while holding the payout's lease (in this process and in the ledger); what `busyValue`
   * says when someone else holds it. The lease is renewed while work waits on the gateway.
   */
  async function leased<T>(id: string, work: () => Promise<T>, busyValue: () => T | Promise<T>): Promise<T> {
    // Quitting: nothing new is claimed (a payout not yet claimed stays as it is for the next start).
    if (closing) throw new AppError('CONFLICT', { key: 'appClosing' })
    if (busy.has(id)) return busyValue()
    busy.add(id)
    const running = leasedWork(id, work, busyValue)
    inFlight.add(running)
    try {
      return await running
    } finally {
      inFlight.delete(running)
    }
  }

  async function leasedWork<T>(
    id: string,
    work: () => Promise<T>,
    busyValue: () => T | Promise<T>,
  ): Promise<T> {
    try {
      const taken = await store.takeLease(id, owner, leaseMs)
      if (!taken) return await busyValue()
      const renewal = setInterval(() => {
        void store.renewLease(id, owner, leaseMs).catch((error: unknown) => options.onError?.(id, error))
      }, leaseMs / 3)
      renewal.unref()
      try {
        return await work()
      } finally {
        clearInterval(renewal)
        await store.releaseLease(id, owner)
      }
    } finally {
      busy.delete(id)
      changed(id)
    }
  }

  const statusOf = async (id: string): Promise<PayoutStatus> => (await store.payout(id))?.status ?? 'draft'

  /** Sends a queued payout. Safe to call twice, from any process: only one call gets to send it. */
  function send(id: string): Promise<PayoutStatus> {
    return leased(
      id,
      async () => {
        const payout = await store.payout(id)
        if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
        return submit(payout, ['queued'])
      },
      () => statusOf(id),
    )
  }

  /**
   * Sends a queued payout read a moment ago with its profile (sendEach), as `send` does, without reading
   * them again: the claim decides whether it still may leave.
   */
  function sendRead(payout: EnginePayout, profile: Promise<ProfileRecord | null>): Promise<PayoutStatus> {
    return leased(
      payout.id,
      () => submit(payout, ['queued'], profile),
      () => statusOf(payout.id),
    )
  }

  /** Asks the gateway now, whatever the backoff says; skipped while someone else talks about it. */
  function refresh(id: string): Promise<RefreshResult> {
    return leased(
      id,
      () => refreshHeld(id),
      async () => ({ kind: 'skipped' as const, status: await statusOf(id) }),
    )
  }

  /**
   * Before a payout known not to have paid is paid again (Retry), under its lease: asks the gateway about
   * it once more and says what it answered. A gateway that now reports it paid or still working raises
   * it as a contradiction (judgeAnswer), for the person. A locked keychain, a refused connection or a
   * profile that moved are "unasked"; the Retry action decides what is definite (retry-answer.ts).
   */
  async function askBeforeRetryHeld(id: string): Promise<FreshAnswer> {
    const payout = await store.payout(id)
    if (!payout) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
    if (payout.attempts === 0) return { kind: 'unasked', cause: 'never-sent' }
    const causeOf = (error: unknown) =>
      error instanceof AppError && error.code === 'SECRET_STORE_UNAVAILABLE' ? 'keychain' : 'unreachable'
    let client: ProviderClient | null
    try {
      client = await clientFor(payout)
    } catch (error) {
      return { kind: 'unasked', cause: causeOf(error) }
    }
    if (!client) return { kind: 'unasked', cause: 'moved' }
    let outcome: QueryOutcome
    try {
      outcome = await client.query(payout.reference)
    } catch (error) {
      return { kind: 'unasked', cause: causeOf(error) }
    }
    const record: AnswerRecord = { kind: 'query', exchange: outcome.exchange, outcome: outcome.kind }
    if (outcome.kind === 'found') await apply(id, { source: 'query', ...outcome }, true, record)
    else await store.recordExchange(id, record)
    return { kind: 'asked', outcome }
  }

  /** Sends a payout that is not final again, under its one reference (a person's decision). */
  const resend = (payout: EnginePayout) => submit(payout, ['unknown', 'submitting', 'needs_review'])

  /**
   * On start, before anything new is sent: every payout left mid-send or in doubt is asked about (those
   * another process is busy with are left to it). Returns the ids that are still in doubt afterwards.
   */
  async function recover(): Promise<string[]> {
    for (const id of await store.idsWithStatus(['submitting', 'unknown'])) {
      // Quitting: the rest is asked about at the next start, instead of holding the quit for a timeout
      // per payout while the gateway hangs.
      if (closing) break
      try {
        await refresh(id)
      } catch (error) {
        // A gateway or keychain problem leaves it in doubt; the poller and the person see it.
        options.onError?.(id, error)
      }
    }
    // A single payout the person confirmed is written, then sent; a crash in between left it queued
    // with nothing else to send it (batches have resume). The person pressed Send: it leaves now.
    for (const id of await store.confirmedSinglesLeftQueued()) {
      if (closing) break
      try {
        await send(id)
      } catch (error) {
        options.onError?.(id, error)
      }
    }
    return store.idsWithStatus(['submitting', 'unknown'])
  }

  /**
   * Quitting: from now on nothing new is sent or asked (refused with appClosing), and this resolves once
   * nothing is talking to a gateway (or after `ms`): answers in flight get written before the ledger closes.
   */
  async function drain(ms = 20_000): Promise<void> {
    closing = true
    store.dropWaitingClaims?.()
    const deadline = Date.now() + ms
    while (inFlight.size > 0 && Date.now() < deadline)
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 100))])
  }

  /** Verifies and applies a gateway callback for `profileId`; returns the answer the gateway expects. */
  async function applyCallback(
    profileId: string,
    rawBody: string,
    /** record: false when the listener's budget for refused bodies is spent (they are verified, not written). */
    { record = true }: { record?: boolean } = {},
  ): Promise<HttpReply> {
    const reject = (profile: string | null, reason: string, detail: string) =>
      record ? store.recordCallbackRejection(profile, reason, detail, rawBody) : Promise.resolve()
    const profile = await store.profile(profileId)
    if (!profile) {
      await reject(null, 'unknown_profile', `no profile ${profileId}`)
      return { status: 404, contentType: 'text/plain', body: 'unknown profile' }
    }
    const result = (await resolveClient(profile)).handleCallback(rawBody)
    if (!result.accepted) {
      await reject(profileId, result.reason, result.detail)
      return result.reply
    }
    // Verified with the profile's credentials as they are now: it speaks for a payout only at the gateway
    // account that payout was written for (its frozen account), never for one the profile has moved away
    // from. Matched by that account and the reference: BluePay calls back on one address per app id, so
    // a payout of another profile naming the same account is found too. Only a payout finished before
    // accounts were frozen is matched by its profile alone.
    const found = await store.payoutByReference(profileId, result.event.reference)
    const payout =
      (await store.payoutAtAccount(accountOf(profile), result.event.reference)) ??
      (found?.account ? null : found)
    if (!payout) {
      await reject(profileId, found ? 'account_changed' : 'unknown_reference', result.event.reference)
      // Not ours: refuse, so the gateway does not count it as delivered.
      const body =
        profile.provider === 'vexora' ? 'FAIL' : JSON.stringify({ code: 21006, message: 'not found' })
      return { ...result.reply, status: 404, body }
    }
    // The same signed content again (a retry, a replay however re-spaced) was applied already: it
    // changes nothing.
    const signed = `${profile.provider}\n${result.signed}`
    if (await store.callbackSeen(signed)) return result.reply
    await store.recordCallback(payout.id, rawBody)
    await apply(payout.id, { source: 'callback', ...result.event }, false)
    // Remembered once applied: a crash in between leaves it to be applied again (it changes nothing twice).
    await store.rememberCallback(payout.id, signed)
    changed(payout.id)
    return result.reply
  }

  return {
    send,
    /** Sends queued payouts, several at a time, reading them a chunk at a time (send-each.ts). */
    sendEach: (ids: readonly string[], each?: SendEachOptions) =>
      sendEach({ store, sendRead, closing: () => closing }, ids, each),
    refresh,
    recover,
    applyCallback,
    /** For a person's decision: the lease, a re-send under it, and a check under it. */
    leased,
    drain,
    askBeforeRetryHeld,
    settleMs,
    resend,
    refreshHeld,
    owner,
    cannotSend,
  }
}

export type Engine = ReturnType<typeof createEngine>
