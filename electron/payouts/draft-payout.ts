import { randomBytes } from 'node:crypto'
import { minorToDecimalString } from '../../shared/money.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import {
  firstOf,
  isValidReference,
  payoutShape,
  type PayoutShape,
} from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { accountOf, type GatewayAccount } from '../ledger/gateway-account.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import {
  isReferenceTaken,
  PAYOUTS_PER_STATEMENT,
  writePayout,
  writePayoutGroup,
  withCreatedEvents,
  markDraft,
  payoutByIdempotencyKey,
  recentLivePayout,
  type NewPayout,
} from '../ledger/payouts-repo.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import type { PayoutAccountChange } from '../ledger/recipients-repo.ts'
import {
  judgePayee,
  matchRecipient,
  payeeRefusal,
  recipientMatcher,
  type PayeeMatcher,
  type AcceptedChange,
} from '../recipients/payee-rule.ts'
import type { RecipientMatch } from '../../shared/ipc/recipients-contract.ts'
import { sealLetGo } from './release-seals.ts'
import { holdFor, type HeldFor } from './release-limits.ts'

export interface DraftInput {
  profileId: string
  amountMinor: number
  fields: Readonly<Record<string, string>>
  batchId?: string | null
  /** A caller-chosen reference (a CSV's `reference` column); otherwise one is made. */
  reference?: string
  retryOf?: string | null
  /** The window's key for one confirmed payout (single payouts only). */
  idempotencyKey?: string
  /**
   * The person saw that a payee the profile knows was last paid at another account (this old account)
   * and means the new one. Without it such a payout is refused; with another old account than the
   * directory holds now, too (payee-rule.ts).
   */
  acceptedChange?: AcceptedChange
  /**
   * The person means to pay an account the same amount again within 30 days (single payouts; an
   * import's rows carry their own acceptance). Without it such a payout is refused.
   */
  acceptRepeat?: boolean
}

/** A draft without its profile: the profile comes resolved, once per call. */
type DraftFields = Omit<DraftInput, 'profileId'>

/**
 * Payout references: "PD" + UTC time to the second + 16 hex digits, sortable and 32 characters (both
 * gateways' limit). One random 64-bit start per series, then consecutive numbers: unique within the
 * series, as unlikely to meet another series as single draws, and appended to the reference index
 * instead of scattered across it.
 */
export function referenceSeries(now: number): () => string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14)
  let next = randomBytes(8).readBigUInt64BE()
  return () => {
    const reference = `PD${stamp}${next.toString(16).toUpperCase().padStart(16, '0')}`
    next = BigInt.asUintN(64, next + 1n)
    return reference
  }
}

type ResolvedProfile = NonNullable<ReturnType<typeof getProfile>>

/** The profile and its gateway's payout rules, or a plain-language AppError when either is missing. */
export function resolveProfile(
  db: Ledger,
  profileId: string,
): { profile: ResolvedProfile; shape: PayoutShape; account: GatewayAccount } {
  const profile = getProfile(db, profileId)
  if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGoneChoose' })
  const shape = payoutShape(profile.provider, profile.area)
  if (!shape)
    throw new AppError('INVALID_INPUT', {
      key: 'gatewayCannotPay',
      params: { gateway: profile.provider, area: profile.area },
    })
  // One object per call, shared by every payout it writes (a statement group binds it once).
  return { profile, shape, account: accountOf(profile) }
}

/** The checks every payout passes before it is written; throws a plain-language AppError. */
function checkedPayout(
  { profile, shape, account }: ReturnType<typeof resolveProfile>,
  input: DraftFields,
  nextReference: () => string,
  status: 'queued' | 'draft' = 'queued',
): NewPayout {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw new AppError('INVALID_INPUT', { key: 'amountNotPositive' })
  }
  if (shape.minAmountMinor !== null && input.amountMinor < shape.minAmountMinor) {
    throw new AppError('INVALID_INPUT', {
      key: 'amountBelowMinimum',
      params: {
        currency: shape.currency,
        minimum: minorToDecimalString(shape.minAmountMinor, shape.currency),
      },
    })
  }
  const checked = validateFields(shape.fields, input.fields)
  if (!checked.ok) {
    const fields = checked.errors.map((e) => `${e.field}:${e.problem}`).join(',')
    throw new AppError('INVALID_INPUT', { key: 'detailsNotValid', params: { fields } })
  }
  const reference = input.reference ?? nextReference()
  if (!isValidReference(shape, reference)) {
    throw new AppError('INVALID_INPUT', { key: 'referenceRule', params: { min: shape.referenceMinLength } })
  }
  const values = checked.values
  return {
    profileId: profile.id,
    provider: profile.provider,
    reference,
    amountMinor: input.amountMinor,
    currency: shape.currency,
    beneficiaryName: firstOf(values, shape.nameFields) ?? '',
    accountNo: values[shape.accountField] ?? '',
    bankCode: firstOf(values, shape.bankFields),
    fields: values,
    status,
    account,
    batchId: input.batchId ?? null,
    retryOf: input.retryOf ?? null,
  }
}

/**
 * The payee rule for one payout: a changed account not accepted (or accepted against an old account the
 * directory no longer holds) is refused with both accounts named. `code` is CONFLICT where the door
 * reviewed the payee before (a file's review), so the window checks it again.
 */
function acceptedChangeOf(
  match: RecipientMatch,
  accepted: AcceptedChange | undefined,
  code: 'INVALID_INPUT' | 'CONFLICT',
): PayoutAccountChange | null {
  const verdict = judgePayee(match, accepted)
  if (!verdict.ok) throw new AppError(verdict.why === 'moved' ? 'CONFLICT' : code, payeeRefusal(verdict))
  return verdict.change
}

/** How far back a payout of the same amount to the same account makes another one a repeat. */
export const REPEAT_WINDOW_MS = 30 * 24 * 3_600_000

/**
 * The repeat rule for a single payout (New payout, pay, Pay again), as the import's "sent recently":
 * the same amount to the same account within 30 days, while that payout may still pay, is paid only when
 * the person said they mean to pay twice. A Retry replaces a payout that did not pay, so it is no repeat.
 */
function refuseUnacceptedRepeat(db: Ledger, payout: NewPayout, input: DraftFields, now: number): void {
  if (input.acceptRepeat || input.retryOf) return
  const earlier = recentLivePayout(
    db,
    payout.profileId,
    payout.accountNo,
    payout.amountMinor,
    now - REPEAT_WINDOW_MS,
  )
  if (!earlier) return
  throw new AppError('INVALID_INPUT', {
    key: 'sentRecently',
    params: {
      reference: earlier.reference,
      date: new Date(earlier.created_at).toISOString().slice(0, 10),
      status: earlier.status,
    },
  })
}

/**
 * Writes one checked payout. The ledger's unique index is the reference check: asking first would cost a
 * lookup per row of an import. A caller's reference already used is refused; a generated one colliding is
 * astronomically unlikely, so another is drawn rather than failing the payout.
 */
function writeDraft(
  db: Ledger,
  payout: NewPayout,
  callerReference: boolean,
  next: () => string,
  now: number,
) {
  for (;;) {
    try {
      return writePayout(db, payout, now)
    } catch (error) {
      if (!isReferenceTaken(error)) throw error
      if (callerReference)
        throw new AppError('INVALID_INPUT', {
          key: 'referenceTaken',
          params: { reference: payout.reference },
        })
      payout = { ...payout, reference: next() }
    }
  }
}

/** The same fields and values, in whatever order. */
export const sameFields = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

/**
 * Validates a payout against its profile's gateway rules and writes it as `queued`, with its reference
 * and exact fields frozen. Bad input throws a plain-language AppError and writes nothing.
 */
export function draftPayout(db: Ledger, input: DraftInput, now = Date.now()): string {
  return draftPayoutOnce(db, input, now).id
}

/**
 * draftPayout, idempotent on `input.idempotencyKey`: the same key again returns the payout it first
 * wrote (`existing: true`) and writes nothing, so a repeated confirm can never pay twice.
 */
export function draftPayoutOnce(
  db: Ledger,
  input: DraftInput,
  now = Date.now(),
): { id: string; existing: boolean } {
  return db
    .transaction(() => {
      const next = referenceSeries(now)
      const resolved = resolveProfile(db, input.profileId)
      const heldFor = holdFor(
        db,
        input.profileId,
        [input.amountMinor],
        now,
        input.retryOf ? [input.retryOf] : [],
      )
      const payout = checkedPayout(resolved, input, next, heldFor ? 'draft' : 'queued')
      const key = input.idempotencyKey
      if (key !== undefined) {
        const prior = payoutByIdempotencyKey(db, key)
        if (prior) {
          // The key stands for what it paid: the same key with another payout is a mistake, never a match.
          const same =
            prior.profile_id === payout.profileId &&
            prior.amount_minor === payout.amountMinor &&
            sameFields(JSON.parse(prior.fields_json) as Record<string, string>, payout.fields) &&
            (input.reference === undefined || input.reference === prior.reference)
          if (!same)
            throw new AppError('CONFLICT', {
              key: 'confirmationReused',
              params: { reference: prior.reference },
            })
          return { id: prior.id, existing: true }
        }
      }
      // The account question first: a payout to an account the person did not see is the worse mistake.
      const change = acceptedChangeOf(
        matchRecipient(db, resolved.profile.id, resolved.shape, payout.fields),
        input.acceptedChange,
        'INVALID_INPUT',
      )
      refuseUnacceptedRepeat(db, payout, input, now)
      const id = withCreatedEvents(db, now, () =>
        writeDraft(db, payout, input.reference !== undefined, next, now),
      )
      markDraft(db, [id], { idempotencyKey: key ?? null, heldFor, change })
      if (!heldFor) sealLetGo(db, [id])
      return { id, existing: false }
    })
    .immediate()
}

/**
 * The same for many payouts of one profile, all or nothing: one transaction, the profile read once.
 * The first bad row throws (naming its position) and the transaction writes nothing. Rows are checked
 * and written in groups of PAYOUTS_PER_STATEMENT, so no more than one group's payouts are held at a
 * time; a group SQLite refuses (a taken reference) is written again row by row, so the row is named and
 * a generated reference is drawn again.
 */
export function draftPayouts(
  db: Ledger,
  profileId: string,
  inputs: readonly DraftFields[],
  now = Date.now(),
  nextReference: () => string = referenceSeries(now),
  /**
   * One chunk of a larger write (an import committed in chunks): its caller decided the hold and read
   * the payees for the whole write (before its first chunk, so no chunk sees the write's own payouts),
   * and rows are named by their place in the whole write.
   */
  chunk?: { heldFor: HeldFor | null; firstIndex: number; payee: PayeeMatcher },
): string[] {
  const named = <T>(i: number, work: () => T): T => {
    try {
      return work()
    } catch (error) {
      if (error instanceof AppError)
        throw new AppError(error.code, {
          key: error.text.key,
          params: { ...error.text.params, payoutIndex: i + 1 + (chunk?.firstIndex ?? 0) },
        })
      throw error
    }
  }
  return db.transaction(() => {
    const resolved = resolveProfile(db, profileId)
    // Over a release limit, the whole write waits as drafts for the owner's release.
    const heldFor = chunk
      ? chunk.heldFor
      : holdFor(
          db,
          profileId,
          inputs.map((i) => i.amountMinor),
          now,
          inputs.flatMap((i) => (i.retryOf ? [i.retryOf] : [])),
        )
    const status = heldFor ? 'draft' : 'queued'
    const payee = chunk ? chunk.payee : recipientMatcher(db, profileId, resolved.shape)
    const changes: (PayoutAccountChange | null)[] = []
    const check = (i: number) =>
      named(i, () => {
        const input = inputs[i] as DraftFields
        const payout = checkedPayout(resolved, input, nextReference, status)
        changes[i] = acceptedChangeOf(payee(payout.fields), input.acceptedChange, 'CONFLICT')
        return payout
      })
    // One statement for a full group; null when SQLite refused it for a taken reference.
    const inOneStatement = (group: readonly NewPayout[]) => {
      if (group.length < PAYOUTS_PER_STATEMENT) return null
      try {
        return writePayoutGroup(db, group, now)
      } catch (error) {
        if (isReferenceTaken(error)) return null
        throw error
      }
    }
    const ids: string[] = []
    return withCreatedEvents(db, now, () => {
      for (let start = 0; start < inputs.length; start += PAYOUTS_PER_STATEMENT) {
        const group: NewPayout[] = []
        for (let i = start; i < Math.min(start + PAYOUTS_PER_STATEMENT, inputs.length); i++)
          group.push(check(i))
        const written = inOneStatement(group)
        if (written) ids.push(...written)
        else
          group.forEach((payout, k) => {
            const i = start + k
            ids.push(
              named(i, () => writeDraft(db, payout, inputs[i]?.reference !== undefined, nextReference, now)),
            )
          })
      }
      if (heldFor) markDraft(db, ids, { heldFor })
      else sealLetGo(db, ids)
      changes.forEach((change, i) => {
        if (change) markDraft(db, [ids[i] as string], { change })
      })
      return ids
    })
  })()
}
