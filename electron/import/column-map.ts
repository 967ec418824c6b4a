import type { PayoutShape } from '../../shared/providers/payout-shape.ts'

/** What a column holds: "amount", "reference", or the name of one of the gateway's fields. */
export type ColumnTarget = string

/** A header reduced to what matters for matching: lower case, no spaces, punctuation or brackets. */
export const normalizeHeader = (header: string) => header.toLowerCase().replace(/[\s_\-.()（）]/g, '')

// Headers people actually write, in English and Chinese, for the roles every gateway has.
const ROLE_ALIASES: Record<string, readonly string[]> = {
  amount: ['amount', 'amt', 'payoutamount', 'value', '金额', '付款金额'],
  reference: [
    'reference',
    'ref',
    'merchantreference',
    'tradeno',
    'mchorderid',
    'orderid',
    '参考号',
    '订单号',
    '商户订单号',
  ],
  name: [
    'name',
    'beneficiary',
    'beneficiaryname',
    'accountname',
    'customername',
    'payee',
    '收款人',
    '姓名',
    '户名',
    '账户名',
  ],
  account: [
    'account',
    'accountno',
    'accountnumber',
    'bankaccount',
    'bankaccountno',
    'bankaccountnumber',
    '账号',
    '银行账号',
    '收款账号',
  ],
  bank: ['bank', 'bankcode', 'transfercode', '银行', '银行代码', '银行编码'],
  mobile: ['mobile', 'phone', 'mobileno', 'phonenumber', '手机', '手机号', '电话'],
  email: ['email', 'e-mail', 'emailaddress', '邮箱', '电子邮件'],
  remark: ['remark', 'remarks', 'note', 'memo', 'description', '备注', '说明'],
}

/**
 * Guesses which column is which from its header: a gateway field's own name wins, then the common
 * aliases. Unknown columns map to null and are ignored (the person can map them by hand in the window).
 */
export function autoMapColumns(
  header: readonly string[],
  shape: PayoutShape,
): Record<string, ColumnTarget | null> {
  const byRole: Record<string, string | undefined> = {
    amount: 'amount',
    reference: 'reference',
    name: shape.nameFields[0],
    account: shape.accountField,
    bank: shape.bankFields[0],
    mobile: shape.fields.some((f) => f.key === 'mobile') ? 'mobile' : undefined,
    email: shape.fields.some((f) => f.key === 'email') ? 'email' : undefined,
    remark: shape.fields.some((f) => f.key === 'remark') ? 'remark' : undefined,
  }
  const fieldKeys = new Map(shape.fields.map((f) => [normalizeHeader(f.key), f.key]))
  const taken = new Set<string>()
  const mapping: Record<string, ColumnTarget | null> = {}
  for (const h of header) {
    const n = normalizeHeader(h)
    let target = fieldKeys.get(n) ?? null
    if (!target) {
      const role = Object.entries(ROLE_ALIASES).find(([, aliases]) => aliases.includes(n))?.[0]
      target = role ? (byRole[role] ?? null) : null
    }
    mapping[h] = target && !taken.has(target) ? target : null
    if (target) taken.add(target)
  }
  return mapping
}
