import { parseAmount } from '../../shared/money.ts'
import { AppError } from '../errors.ts'

/** An amount limit as typed in the window (a desk's release limits, a team profile's); empty removes it. */
export function limitOf(
  text: string,
  currency: Parameters<typeof parseAmount>[1],
  what: 'per-payout' | 'per-day',
): number | null {
  if (text === '') return null
  const parsed = parseAmount(text, currency)
  if (!parsed.ok)
    throw new AppError('INVALID_INPUT', { key: 'recipientLimitNotAmount', params: { what, currency } })
  return parsed.minor
}
