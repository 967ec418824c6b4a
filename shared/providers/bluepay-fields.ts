import type { FieldDef } from './fields.ts'

/**
 * BluePay Asia (Thailand) transfer fields (bluepay-api.md §4, 2.1). Which fields are required depends on
 * payMethodCode. Only the three method names the docs mention are offered; transferCode values are not
 * public, so the person types the code their BluePay channel list gives them.
 */
export const BLUEPAY_PAY_METHODS = ['BANK', 'PROMPTPAY', 'EWALLET'] as const

const forMethods = (...values: string[]) => ({ field: 'payMethodCode', values })

export const BLUEPAY_FIELDS: readonly FieldDef[] = [
  { key: 'payMethodCode', required: true, rule: { kind: 'oneOf', values: BLUEPAY_PAY_METHODS } },
  {
    key: 'transferCode',
    required: false,
    requiredWhen: forMethods('BANK', 'EWALLET'),
    rule: { kind: 'pattern', pattern: /^[A-Za-z0-9_-]+$/, maxLength: 32 },
  },
  {
    key: 'promptpayAccountType',
    required: false,
    requiredWhen: forMethods('PROMPTPAY'),
    rule: { kind: 'oneOf', values: ['NATID', 'MSISDN'] },
  },
  { key: 'accountNo', required: true, rule: { kind: 'pattern', pattern: /^[0-9A-Za-z-]+$/, maxLength: 64 } },
  {
    key: 'accountName',
    required: false,
    requiredWhen: forMethods('BANK', 'EWALLET'),
    rule: { kind: 'text', maxLength: 50 },
  },
  {
    key: 'accountType',
    required: false,
    requiredWhen: forMethods('BANK'),
    rule: { kind: 'oneOf', values: ['INDIVIDUAL', 'ORGANIZATION'] },
  },
  {
    key: 'accountTaxId',
    required: false,
    requiredWhen: forMethods('BANK'),
    // The format is not documented; a Thai tax ID is 13 digits, but refuse only what cannot be an ID.
    rule: { kind: 'pattern', pattern: /^[0-9A-Za-z-]+$/, maxLength: 20 },
  },
  {
    key: 'mobile',
    required: false,
    requiredWhen: forMethods('BANK'),
    // 10 digits starting 06, 08 or 09.
    rule: { kind: 'pattern', pattern: /^0[689]\d{8}$/, maxLength: 10 },
    example: '0812345678',
  },
  { key: 'relationship', required: false, rule: { kind: 'text', maxLength: 50 } },
  { key: 'remark', required: false, rule: { kind: 'text', maxLength: 100 } },
]
