import { randomBytes } from 'node:crypto'
import { minorToDecimalString } from '../../shared/money.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import {
  firstOf,
  isValidReference,
  payoutShape,
  referenceRule,
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
  type NewPayout,
} from '../ledger/payouts-repo.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { prepared } from '../ledger/statements.ts'
import { accountWords, matchRecipient } from '../recipients/recipients-repo.ts'
import { holdFor } from './release-limits.ts'

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
   * The person saw that this known recipient was last paid at another account and means the new one;
   * without it, such a payout is refused (single payouts; imports carry the accepted change per row).
   */
  acceptAccountChange?: boolean
  /** For an import row whose account change was accepted in the review: who, and the account before. */
  accountChange?: { recipientId: string; old: Record<string, string> }
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
  if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Choose another one.')
  const shape = payoutShape(profile.provider, profile.area)
  if (!shape)
    throw new AppError(
      'INVALID_INPUT',
      `This version cannot pay out through ${profile.provider} ${profile.area}.`,
    )
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
    throw new AppError('INVALID_INPUT', 'The amount must be more than zero.')
  }
  if (shape.minAmountMinor !== null && input.amountMinor < shape.minAmountMinor) {
    throw new AppError(
      'INVALID_INPUT',
      `The smallest payout this gateway accepts is ${shape.currency} ${minorToDecimalString(shape.minAmountMinor, shape.currency)}.`,
    )
  }
  const checked = validateFields(shape.fields, input.fields)
  if (!checked.ok) {
    const list = checked.errors.map((e) => `${e.field} (${e.problem.replace('_', ' ')})`).join(', ')
    throw new AppError('INVALID_INPUT', `Some details are missing or not valid: ${list}.`)
  }
  const reference = input.reference ?? nextReference()
  if (!isValidReference(shape, reference)) {
    throw new AppError('INVALID_INPUT', `A reference must be ${referenceRule(shape)}.`)
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
 * The account-change guard for a single payout: a known person last paid at another account is refused
 * unless the person accepted exactly that (seeing both); an accepted one is kept with the payout, and
 * becomes the recipient's account once it is paid.
 */
function accountChangeOf(
  db: Ledger,
  { profile, shape }: ReturnType<typeof resolveProfile>,
  fields: Readonly<Record<string, string>>,
  input: DraftFields,
): { recipientId: string; old: Record<string, string> } | null {
  if (input.accountChange) return input.accountChange
  const match = matchRecipient(db, profile.id, shape, fields)
  if (match.kind !== 'changed') return null
  if (!input.acceptAccountChange)
    throw new AppError(
      'INVALID_INPUT',
      `${match.recipient.name} was last paid at ${accountWords(match.oldAccount)}; this payout goes to ${accountWords(match.newAccount)}. ` +
        'Check the new account with them (not by replying to the message that sent it), then accept the change.',
    )
  return { recipientId: match.recipient.id, old: match.oldAccount }
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
        throw new AppError(
          'INVALID_INPUT',
          `Reference ${payout.reference} was already used with this gateway account. Use a new one.`,
        )
      payout = { ...payout, reference: next() }
    }
  }
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
      const key = input.idempotencyKey
      if (key !== undefined) {
        const prior = prepared<[string], { id: string; profile_id: string }>(
          db,
          'SELECT id, profile_id FROM payouts WHERE idempotency_key = ?',
        ).get(key)
        if (prior && prior.profile_id !== input.profileId)
          throw new AppError('INVALID_INPUT', 'This confirmation was already used for another profile.')
        if (prior) return { id: prior.id, existing: true }
      }
      const next = referenceSeries(now)
      const resolved = resolveProfile(db, input.profileId)
      const heldFor = holdFor(db, input.profileId, [input.amountMinor], now)
      const payout = checkedPayout(resolved, input, next, heldFor ? 'draft' : 'queued')
      const change = accountChangeOf(db, resolved, payout.fields, input)
      const id = withCreatedEvents(db, now, () =>
        writeDraft(db, payout, input.reference !== undefined, next, now),
      )
      prepared(
        db,
        'UPDATE payouts SET idempotency_key = ?, held_for = ?, account_change_json = ? WHERE id = ?',
      ).run(key ?? null, heldFor, change ? JSON.stringify(change) : null, id)
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
): string[] {
  const named = <T>(i: number, work: () => T): T => {
    try {
      return work()
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, `Payout ${i + 1}: ${error.message}`)
      throw error
    }
  }
  return db.transaction(() => {
    const resolved = resolveProfile(db, profileId)
    // Over a release limit, the whole write waits as drafts for the owner's release.
    const heldFor = holdFor(
      db,
      profileId,
      inputs.map((i) => i.amountMinor),
      now,
    )
    const status = heldFor ? 'draft' : 'queued'
    const check = (i: number) =>
      named(i, () => checkedPayout(resolved, inputs[i] as DraftFields, nextReference, status))
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
      if (heldFor)
        prepared(db, 'UPDATE payouts SET held_for = ? WHERE id IN (SELECT value FROM json_each(?))').run(
          heldFor,
          JSON.stringify(ids),
        )
      inputs.forEach((input, i) => {
        if (input.accountChange)
          prepared(db, 'UPDATE payouts SET account_change_json = ? WHERE id = ?').run(
            JSON.stringify(input.accountChange),
            ids[i],
          )
      })
      return ids
    })
  })()
}
