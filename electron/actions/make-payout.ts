import { RETRYABLE_STATUSES, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import {
  CURRENCIES,
  minorToDecimalString,
  parseAmount,
  type AmountParseError,
  type CurrencyCode,
} from '../../shared/money.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { AppError } from '../errors.ts'
import { getPayoutRow, payoutByIdempotencyKey } from '../ledger/payouts-repo.ts'
import { draftPayoutOnce, resolveProfile } from '../payouts/draft-payout.ts'
import { loadPayout, recordDecision, type EnginePayout } from '../ledger/payout-store.ts'
import type { AcceptedChange } from '../recipients/payee-rule.ts'
import { refreshLimitsMarker } from '../secrets/limits-seal.ts'
import { refuseIfCannotSend } from './can-send.ts'
import type { ActionContext } from './context.ts'

export interface PayRequest {
  profileId: string
  /** As the person typed it ("1,250,000"); read in the profile's currency. */
  amount: string
  /** The gateway's own fields (bankCode, bankAccountNo, customerName…). */
  fields: Readonly<Record<string, string>>
  /**
   * The same key again is the same payout; the same key with another amount or account is refused. The
   * window makes one per confirmed payout; the command line uses the reference the person gave.
   */
  idempotencyKey?: string
  reference?: string
  /** A changed account the person accepted, naming the old account they were shown. */
  acceptedChange?: AcceptedChange
  /** The person means to pay this account the same amount again within 30 days. */
  acceptRepeat?: boolean
}

export interface MadePayout {
  id: string
  reference: string
  status: PayoutStatus
  /** The key was used before: this is that payout, and nothing new was written or sent. */
  existing: boolean
  /** Settles when the payout's send ends (its status then); a door may wait for it or not. */
  sent: Promise<PayoutStatus>
}

function amountProblem(error: AmountParseError, currency: CurrencyCode): ErrorText {
  switch (error) {
    case 'empty':
      return { key: 'amountEmpty' }
    case 'format':
      return { key: 'amountFormat' }
    case 'too_many_decimals':
      return { key: 'amountDecimals', params: { currency, decimals: CURRENCIES[currency].decimals } }
    case 'not_positive':
      return { key: 'amountNotPositive' }
    case 'too_large':
      return { key: 'amountTooLarge' }
  }
}

/**
 * Make one payout, from New payout, Pay again or `payout-desk pay`: the amount is read in the profile's
 * currency, the fields are checked against the gateway's rules, the payee rule and the release limits
 * apply (draft-payout.ts), the payout is written ahead of its send, then sent. Bad input writes nothing.
 */
export async function makePayout(
  ctx: Pick<ActionContext, 'ledger' | 'engine' | 'ready' | 'secrets'>,
  request: PayRequest,
): Promise<MadePayout> {
  const { shape } = resolveProfile(ctx.ledger, request.profileId)
  const parsed = parseAmount(request.amount, shape.currency)
  if (!parsed.ok) throw new AppError('INVALID_INPUT', amountProblem(parsed.error, shape.currency))
  // Payouts left in doubt by the last run are asked about before anything new leaves.
  await ctx.ready
  // A confirmation already written is answered with its payout (draftPayoutOnce), whatever the profile
  // can do now: "nothing was sent" about a payout that was would invite paying it again.
  const confirmedBefore =
    request.idempotencyKey !== undefined && payoutByIdempotencyKey(ctx.ledger, request.idempotencyKey)
  if (!confirmedBefore) await refuseIfCannotSend(ctx, request.profileId)
  await refreshLimitsMarker(ctx.secrets)
  const { id, existing } = draftPayoutOnce(ctx.ledger, {
    profileId: request.profileId,
    amountMinor: parsed.minor,
    fields: request.fields,
    ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
    ...(request.reference !== undefined ? { reference: request.reference } : {}),
    ...(request.acceptedChange ? { acceptedChange: request.acceptedChange } : {}),
    ...(request.acceptRepeat ? { acceptRepeat: true } : {}),
  })
  return { ...sendWritten(ctx, id), existing }
}

/**
 * Sends a payout just written (by New payout, Pay again or Retry), if it is queued: one waiting for
 * release, or sent already by an earlier call, is left as it is. The door decides whether to wait.
 */
export function sendWritten(
  ctx: Pick<ActionContext, 'ledger' | 'engine'>,
  id: string,
): Omit<MadePayout, 'existing'> {
  const row = getPayoutRow(ctx.ledger, id)
  if (!row) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  const sent = row.status === 'queued' ? ctx.engine.send(id) : Promise.resolve(row.status)
  return { id, reference: row.reference, status: row.status, sent }
}

/**
 * The paid payout Pay again would repeat, or a refusal: one that failed is paid again by Retry, which asks
 * the gateway first, and one still open may yet pay. A door asks this before it asks its person.
 */
export function payableAgain(ctx: Pick<ActionContext, 'ledger'>, originalId: string): EnginePayout {
  const original = loadPayout(ctx.ledger, originalId)
  if (!original) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
  if (original.status !== 'succeeded')
    throw new AppError(
      'INVALID_INPUT',
      RETRYABLE_STATUSES.includes(original.status)
        ? { key: 'payAgainUseRetry', params: { reference: original.reference } }
        : { key: 'payAgainNotPaid', params: { reference: original.reference, status: original.status } },
    )
  return original
}

/**
 * Pay again: the same person, account and amount as a payout that was paid, as a new payout under a new
 * reference (next month's salary). Only a paid payout: one that failed is paid again by Retry, which asks
 * the gateway first, and one still open may yet pay. The payee rule applies as to any new payout, so a
 * recipient whose account moved since is an account change.
 */
export async function payAgain(
  ctx: Pick<ActionContext, 'ledger' | 'engine' | 'ready' | 'secrets'>,
  originalId: string,
  options: { acceptedChange?: AcceptedChange; acceptRepeat?: boolean; idempotencyKey?: string } = {},
): Promise<MadePayout> {
  const original = payableAgain(ctx, originalId)
  const made = await makePayout(ctx, {
    profileId: original.profileId,
    amount: minorToDecimalString(original.amountMinor, original.currency),
    fields: original.fields,
    ...options,
  })
  if (!made.existing)
    recordDecision(ctx.ledger, made.id, Date.now(), { action: 'pay-again', of: original.reference })
  return made
}
