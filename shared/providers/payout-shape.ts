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
}

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
      }
    : null
}

export const firstOf = (values: Readonly<Record<string, string>>, keys: readonly string[]): string | null =>
  keys.map((k) => values[k]).find((v) => v !== undefined && v !== '') ?? null
