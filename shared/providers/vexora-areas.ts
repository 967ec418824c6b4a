import type { CurrencyCode } from '../money.ts'
import type { FieldDef } from './fields.ts'

/**
 * Vexora's disbursement body differs per country ("area"); each area is one entry here
 * (vexora-api.md §5). Indonesia is the field set the seed document describes.
 */
export interface VexoraArea {
  id: string
  currency: CurrencyCode
  /** Smallest amount the gateway accepts, in minor units; null where the docs name none. */
  minAmountMinor: number | null
  /** Field holding the account number, for the ledger's account column. */
  accountField: string
  nameField: string
  bankField: string
  fields: readonly FieldDef[]
}

const remark: FieldDef = { key: 'remark', required: false, rule: { kind: 'text', maxLength: 100 } }
const email: FieldDef = { key: 'email', required: true, rule: { kind: 'email' }, example: 'name@example.com' }
const bankCode: FieldDef = {
  key: 'bankCode',
  required: true,
  // The code lists are not public; accept what a gateway list could contain, never guess a bank.
  rule: { kind: 'pattern', pattern: /^[A-Za-z0-9_]+$/, maxLength: 32 },
}

export const VEXORA_AREAS = {
  ID: {
    id: 'ID',
    currency: 'IDR',
    minAmountMinor: 10_000,
    accountField: 'bankAccountNo',
    nameField: 'customerName',
    bankField: 'bankCode',
    fields: [
      { ...bankCode, example: '0002' },
      { key: 'bankAccountNo', required: true, rule: { kind: 'digits', minLength: 1, maxLength: 30 } },
      { key: 'customerName', required: true, rule: { kind: 'text', maxLength: 100 } },
      {
        key: 'mobile',
        required: true,
        // 08… or 628…, 10 to 13 digits in all.
        rule: { kind: 'pattern', pattern: /^(?=\d{10,13}$)(08|628)\d+$/, maxLength: 13 },
        example: '081234567890',
      },
      email,
      remark,
    ],
  },
  TH: {
    id: 'TH',
    currency: 'THB',
    minAmountMinor: null,
    accountField: 'bankNumber',
    nameField: 'name',
    bankField: 'bankCode',
    fields: [
      { ...bankCode, example: '002' },
      { key: 'bankNumber', required: true, rule: { kind: 'digits', minLength: 1, maxLength: 30 } },
      { key: 'name', required: true, rule: { kind: 'text', maxLength: 100 } },
      {
        key: 'mobile',
        required: true,
        rule: { kind: 'pattern', pattern: /^9\d{8}$/, maxLength: 9 },
        example: '912345678',
      },
      email,
      remark,
    ],
  },
} as const satisfies Record<string, VexoraArea>

export type VexoraAreaId = keyof typeof VEXORA_AREAS

export function vexoraArea(id: string): VexoraArea | null {
  return Object.hasOwn(VEXORA_AREAS, id) ? VEXORA_AREAS[id as VexoraAreaId] : null
}
