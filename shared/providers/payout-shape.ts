import type { ProviderId } from '../domain/providers.ts'
import type { CurrencyCode } from '../money.ts'
import { BLUEPAY_FIELDS } from './bluepay-fields.ts'
import type { FieldDef } from './fields.ts'
import { vexoraArea } from './vexora-areas.ts'

/** What a payout form (and main's re-check) needs to know about one gateway + area. */
export interface PayoutShape {
  currency: CurrencyCode
  minAmountMinor: number | null
  fields: readonly FieldDef[]
  /** Which fields fill the ledger's beneficiary, account and bank columns. */
  nameFields: readonly string[]
  accountField: string
  bankFields: readonly string[]
  /** Shortest merchant reference the gateway takes; every gateway takes up to 32. */
  referenceMinLength: number
}

/**
 * A merchant reference: letters, digits, "-" and "_" (safe in a file name or a URL), up to 32. BluePay
 * documents 10 to 32 for idempotencyId; Vexora documents only "unique, at most 32", so `INV_0042` is fine.
 */
export function isValidReference(shape: PayoutShape, reference: string): boolean {
  return (
    /^[A-Za-z0-9_-]+$/.test(reference) &&
    reference.length >= shape.referenceMinLength &&
    reference.length <= 32
  )
}

export const referenceRule = (shape: PayoutShape): string =>
  `${shape.referenceMinLength === 1 ? 'up to 32' : `${shape.referenceMinLength} to 32`} letters, digits, "-" or "_"`

export function payoutShape(provider: ProviderId, area: string): PayoutShape | null {
  if (provider === 'bluepay') {
    return area === 'TH'
      ? {
          currency: 'THB',
          minAmountMinor: 1,
          fields: BLUEPAY_FIELDS,
          nameFields: ['accountName', 'accountNo'],
          accountField: 'accountNo',
          bankFields: ['transferCode', 'payMethodCode'],
          referenceMinLength: 10,
        }
      : null
  }
  const def = vexoraArea(area)
  return def
    ? {
        currency: def.currency,
        minAmountMinor: def.minAmountMinor,
        fields: def.fields,
        nameFields: [def.nameField],
        accountField: def.accountField,
        bankFields: [def.bankField],
        referenceMinLength: 1,
      }
    : null
}

export function firstOf(values: Readonly<Record<string, string>>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = values[k]
    if (v !== undefined && v !== '') return v
  }
  return null
}

/** Who a payout's fields pay, at which bank (or channel) and account, as the ledger's columns name them. */
export function payeeOf(
  provider: ProviderId,
  area: string,
  fields: Readonly<Record<string, string>>,
): { name: string; accountNo: string; bank: string } {
  const shape = payoutShape(provider, area)
  return {
    name: shape?.nameFields.map((f) => fields[f]).find((v) => v !== undefined) ?? '',
    accountNo: (shape && fields[shape.accountField]) ?? '',
    bank: (shape?.bankFields ?? [])
      .map((f) => fields[f] ?? '')
      .filter(Boolean)
      .join(' / '),
  }
}
