import type { Released, ReleaseLimitsView } from '../../shared/ipc/recipients-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import { persist } from '../ledger/busy-retry.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import {
  clearAttempts,
  clearHolds,
  countAttempt,
  readLimits,
  settleLock,
  writeLimits,
  writePassphraseHash,
} from '../ledger/release-limits-repo.ts'
import { retriesOfPaidSince } from '../ledger/retries-repo.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import { observe, recordDecision } from '../ledger/payout-store.ts'
import { isTimeZone } from '../payouts/profile-day.ts'
import { heldGroup, limitsOf, timeZoneOf, type HeldGroup } from '../payouts/release-limits.ts'
import { sealLetGo } from '../payouts/release-seals.ts'
import { changeParams, payeesMovedSinceWritten } from '../recipients/payee-rule.ts'
import { markLimited, primeSealKey, rememberSealKey, sealKey, sealOf } from '../secrets/limits-seal.ts'
import { hashPassphrase, needsRehash, passphraseMatches } from '../secrets/passphrase-hash.ts'
import type { ActionContext } from './context.ts'

/**
 * The owner's release: setting a profile's limits and passphrase, checking the passphrase, and letting
 * held payouts go. Every door (the window, `payout-desk profile limits` and `release`) calls these.
 */

export const MIN_PASSPHRASE_LENGTH = 8

/** Characters as a person counts them (graphemes), so a passphrase of emoji is not counted short or long. */
const characters = (text: string) => [...new Intl.Segmenter().segment(text.normalize('NFC'))].length

/** Each wrong passphrase doubles the wait before the next try (1 s, 2 s, 4 s … at most 5 minutes). */
const lockAfter = (failures: number) => Math.min(1_000 * 2 ** Math.max(0, failures - 1), 300_000)
/** While one check computes its hash, no other may start; a check that died frees the profile after this. */
const CHECKING_MS = 60_000

const waitMessage = (until: number, now: number): ErrorText => ({
  key: 'passphraseWait',
  params: { seconds: Math.max(1, Math.ceil((until - now) / 1000)) },
})

/**
 * Checks the owner's passphrase for a profile; throws a plain AppError when it is wrong, not set, or
 * while wrong attempts make it wait. The attempt is counted, and the profile locked, in one IMMEDIATE
 * transaction before the hash is computed: so only one check per profile runs at a time in any process,
 * and every try counts, also those refused by the wait (the wait after the next wrong one is then
 * longer). Success undoes the count.
 */
export async function checkPassphrase(
  ctx: ActionContext,
  profileId: string,
  passphrase: string,
  now: () => number = Date.now,
): Promise<void> {
  const stored = readLimits(ctx.ledger, profileId)?.passphrase_hash
  if (!stored) throw new AppError('INVALID_INPUT', { key: 'passphraseNotSet' })
  const started = now()
  const attempt = await persist(ctx.ledger, () => countAttempt(ctx.ledger, profileId, started, CHECKING_MS))
  // Refused without a hash; counted all the same, so the wait after the next wrong one is longer.
  if (!attempt.go)
    throw new AppError(
      'INVALID_INPUT',
      attempt.why === 'locked' ? waitMessage(attempt.lockedUntil, started) : { key: 'passphraseBusy' },
    )
  let right = false
  try {
    right = await passphraseMatches(passphrase, stored)
  } finally {
    if (!right)
      await persist(ctx.ledger, () =>
        settleLock(ctx.ledger, profileId, (failures) => now() + lockAfter(failures)),
      )
  }
  if (!right) throw new AppError('INVALID_INPUT', { key: 'passphraseWrong' })
  await persist(ctx.ledger, () => clearAttempts(ctx.ledger, profileId))
  if (needsRehash(stored)) await rehash(ctx, profileId, passphrase, stored)
}

/** A hash made at an older cost is replaced at today's, resealed, once the passphrase proved right. */
async function rehash(ctx: ActionContext, profileId: string, passphrase: string, stored: string) {
  const before = limitsOf(ctx.ledger, profileId)
  const key = await sealKey(ctx.secrets, true)
  if (!before.row || !key) return
  const hash = await hashPassphrase(passphrase)
  const mac = sealOf(key, {
    profileId,
    perPayout: before.row.per_payout,
    perDay: before.row.per_day,
    hash,
    timeZone: before.timeZone,
  })
  // A broken seal stays broken: the owner mends it by setting the limits again.
  if (!before.sound) return
  await persist(ctx.ledger, () =>
    ctx.ledger
      .transaction(() => {
        if (readLimits(ctx.ledger, profileId)?.passphrase_hash === stored)
          writePassphraseHash(ctx.ledger, profileId, hash, mac)
      })
      .immediate(),
  )
}

export interface LimitsChange {
  perPayout: number | null
  perDay: number | null
  /** An IANA time zone whose calendar day the per-day limit counts; unchanged when absent. */
  timeZone?: string
  current?: string
  next?: string
}

/** Sets the limits (null removes one) and, optionally, a new passphrase; the current one is needed once set. */
export async function setLimits(
  ctx: ActionContext,
  profileId: string,
  change: LimitsChange,
  now: () => number = Date.now,
): Promise<ReleaseLimitsView> {
  resolveProfile(ctx.ledger, profileId)
  if (change.next !== undefined && characters(change.next) < MIN_PASSPHRASE_LENGTH)
    throw new AppError('INVALID_INPUT', { key: 'passphraseTooShort', params: { min: MIN_PASSPHRASE_LENGTH } })
  if (change.timeZone !== undefined && !isTimeZone(change.timeZone))
    throw new AppError('INVALID_INPUT', { key: 'notTimeZone', params: { zone: change.timeZone } })
  const existing = readLimits(ctx.ledger, profileId)
  if (existing?.passphrase_hash) {
    if (!change.current) throw new AppError('INVALID_INPUT', { key: 'passphraseCurrentNeeded' })
    await checkPassphrase(ctx, profileId, change.current, now)
  } else if (!change.next && (change.perPayout !== null || change.perDay !== null)) {
    throw new AppError('INVALID_INPUT', { key: 'passphraseWithLimits' })
  }
  const key = await sealKey(ctx.secrets, true)
  if (!key) throw new AppError('SECRET_STORE_UNAVAILABLE', { key: 'keychainNoSeal' })
  rememberSealKey(key)
  await markLimited(ctx.secrets, profileId)
  const stored = readLimits(ctx.ledger, profileId)?.passphrase_hash ?? null
  // A hash at an older cost is made anew from the passphrase just proved right.
  const hash = change.next
    ? await hashPassphrase(change.next)
    : stored && change.current && needsRehash(stored)
      ? await hashPassphrase(change.current)
      : stored
  const timeZone = change.timeZone
    ? new Intl.DateTimeFormat('en-US', { timeZone: change.timeZone }).resolvedOptions().timeZone
    : timeZoneOf(ctx.ledger, profileId, existing)
  const sealed = { profileId, perPayout: change.perPayout, perDay: change.perDay, hash, timeZone }
  await persist(ctx.ledger, () =>
    writeLimits(ctx.ledger, { ...sealed, mac: sealOf(key, sealed), now: now() }),
  )
  return limitsView(ctx, profileId)
}

/** The limits as a person sees them: never the passphrase or its hash, only whether one is set. */
export async function limitsView(ctx: ActionContext, profileId: string): Promise<ReleaseLimitsView> {
  await primeSealKey(ctx.secrets)
  const { shape } = resolveProfile(ctx.ledger, profileId)
  const { row, timeZone, sound } = limitsOf(ctx.ledger, profileId)
  return {
    profileId,
    currency: shape.currency,
    perPayoutMinor: row?.per_payout ?? null,
    perDayMinor: row?.per_day ?? null,
    hasPassphrase: Boolean(row?.passphrase_hash),
    timeZone,
    changedOutside: !sound,
  }
}

/**
 * Lets held payouts go: the passphrase is checked, then what is held must be exactly what the person
 * reviewed (the digest they were shown); each payout goes from draft to queued with a release event in
 * its timeline, and starts sending (a batch through its run, single payouts one by one).
 */
export async function releaseHeld(
  ctx: ActionContext,
  request: { profileId: string; held: HeldGroup; passphrase: string; reviewHash: string },
  now: () => number = Date.now,
): Promise<Released & { ids: string[]; sending: Promise<void> }> {
  const db = ctx.ledger
  if (!getProfile(db, request.profileId)) throw new AppError('NOT_FOUND', { key: 'profileGone' })
  await primeSealKey(ctx.secrets)
  if (!limitsOf(db, request.profileId).sound) throw new AppError('CONFLICT', { key: 'limitsChangedOutside' })
  await ctx.ready
  await checkPassphrase(ctx, request.profileId, request.passphrase, now)
  const at = now()
  const released = await persist(db, () =>
    db
      .transaction(() => {
        const group = heldGroup(db, request.profileId, request.held)
        if (group.hash !== request.reviewHash) throw new AppError('CONFLICT', { key: 'releaseReviewChanged' })
        // The payee rule again, as when they were written: nothing is let go to an account the
        // directory has moved away from since.
        const moved = payeesMovedSinceWritten(
          db,
          request.profileId,
          resolveProfile(db, request.profileId).shape,
          group.rows,
        )
        const first = moved[0]
        if (first)
          throw new AppError('CONFLICT', {
            key: 'releasePayeeMoved',
            params: {
              ...changeParams(first.verdict.match),
              references: moved.map((m) => m.reference).join(', '),
              count: moved.length,
            },
          })
        // A held Retry goes only while the payout it pays again is still known not to have paid: the
        // gateway may have said otherwise while it waited (review 73 F4, as the team's approval refuses).
        const paidSince = retriesOfPaidSince(db, group.ids)
        if (paidSince.length > 0)
          throw new AppError('CONFLICT', {
            key: 'releaseRetryPaid',
            params: { references: paidSince.join(', '), count: paidSince.length },
          })
        for (const id of group.ids) {
          recordDecision(db, id, at, { action: 'release', reviewHash: request.reviewHash })
          observe(db, id, { to: 'queued', source: 'user', lastError: null, nextCheckAt: null }, at)
        }
        clearHolds(db, group.ids)
        sealLetGo(db, group.ids)
        return { released: group.ids.length, totalMinor: group.totalMinor, ids: group.ids }
      })
      .immediate(),
  )
  const held = request.held
  const sending =
    'batchId' in held
      ? ctx.batches
          .start(held.batchId)
          .then(() => ctx.batches.finished(held.batchId))
          .then(() => undefined)
      : released.ids.reduce<Promise<void>>(
          (before, id) => before.then(() => ctx.engine.send(id).then(() => undefined)),
          Promise.resolve(),
        )
  return { ...released, sending }
}
