import { randomBytes } from 'node:crypto'
import { minorToDecimalString } from '../../shared/money.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import { firstOf, payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { insertPayout, insertPayoutRow, type NewPayout } from '../ledger/payouts-repo.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { prepared } from '../ledger/statements.ts'

export interface DraftInput {
  profileId: string
  amountMinor: number
  fields: Readonly<Record<string, string>>
  batchId?: string | null
  /** A caller-chosen reference (a CSV's `reference` column); otherwise one is made. */
  reference?: string
  retryOf?: string | null
}

/** What a payout reference may be: both gateways' limit, and safe in a file name or a URL. */
export const REFERENCE = /^[A-Za-z0-9_-]{10,32}$/

/**
 * "PD" + UTC time to the second + 16 random hex digits: sortable, 32 characters (both gateways' limit),
 * and 64 random bits, so even a 100,000-row import within one second does not collide.
 */
export function newReference(now: number): string {
  return referenceSeries(now)()
}

/**
 * References for many payouts made at once: one random 64-bit start, then consecutive numbers. They stay
 * unique within the series and as unlikely to meet another series as single draws, and consecutive keys
 * append to the reference index instead of scattering writes across it.
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
): { profile: ResolvedProfile; shape: PayoutShape } {
  const profile = getProfile(db, profileId)
  if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Choose another one.')
  const shape = payoutShape(profile.provider, profile.area)
  if (!shape)
    throw new AppError(
      'INVALID_INPUT',
      `This version cannot pay out through ${profile.provider} ${profile.area}.`,
    )
  return { profile, shape }
}

/** The checks every payout passes before it is written; throws a plain-language AppError. */
function checkedPayout(
  db: Ledger,
  { profile, shape }: { profile: ResolvedProfile; shape: PayoutShape },
  input: DraftInput,
  nextReference: () => string,
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
  const taken = (ref: string) =>
    prepared(db, 'SELECT 1 FROM payouts WHERE profile_id = ? AND reference = ?').get(profile.id, ref)
  let reference = input.reference ?? nextReference()
  if (!REFERENCE.test(reference)) {
    throw new AppError('INVALID_INPUT', 'A reference must be 10 to 32 letters, digits, "-" or "_".')
  }
  if (taken(reference)) {
    if (input.reference) {
      throw new AppError(
        'INVALID_INPUT',
        `Reference ${reference} was already used with this profile. Use a new one.`,
      )
    }
    // A generated one colliding is astronomically unlikely; draw again rather than fail the payout.
    while (taken(reference)) reference = nextReference()
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
    status: 'queued',
    batchId: input.batchId ?? null,
    retryOf: input.retryOf ?? null,
  }
}

/**
 * Validates a payout against its profile's gateway rules and writes it as `queued`, with its reference
 * and exact fields frozen. Bad input throws a plain-language AppError and writes nothing.
 */
export function draftPayout(db: Ledger, input: DraftInput, now = Date.now()): string {
  const payout = checkedPayout(db, resolveProfile(db, input.profileId), input, () => newReference(now))
  return insertPayout(db, payout, now)
}

/**
 * The same for many payouts of one profile, all or nothing: one transaction, the profile read once.
 * The first bad row throws (naming its position) and nothing is written.
 */
export function draftPayouts(
  db: Ledger,
  profileId: string,
  inputs: readonly Omit<DraftInput, 'profileId'>[],
  now = Date.now(),
): string[] {
  return db.transaction(() => {
    const resolved = resolveProfile(db, profileId)
    const nextReference = referenceSeries(now)
    return inputs.map((input, i) => {
      try {
        return insertPayoutRow(db, checkedPayout(db, resolved, { ...input, profileId }, nextReference), now)
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `Payout ${i + 1}: ${error.message}`)
        throw error
      }
    })
  })()
}
