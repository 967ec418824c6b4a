import type { PayoutShape } from '../../shared/providers/payout-shape.ts'

/** What a column holds: "amount", "reference", or the name of one of the gateway's fields. */
export type ColumnTarget = string

/**
 * A header reduced to what matters for matching: full-width forms folded, a unit or note in brackets
 * dropped ("Amount (IDR)", "金额（元）"), lower case, letters and digits only.
 */
export const normalizeHeader = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '')

// Headers people actually write, in English, Indonesian and Chinese, for the roles every gateway has.
// `specific` names say exactly what the column is; `general` ones ("Bank", "Name") lose to a specific
// one in the same file: "Bank" beside "Bank Code" is the bank's name, not its code.
const ROLE_ALIASES: Record<string, { specific: readonly string[]; general: readonly string[] }> = {
  amount: {
    specific: [
      'amount',
      'payoutamount',
      'transferamount',
      'jumlah',
      'nominal',
      '金额',
      '付款金额',
      '转账金额',
    ],
    general: ['amt', 'value', 'total'],
  },
  reference: {
    specific: [
      'reference',
      'merchantreference',
      'tradeno',
      'mchorderid',
      'orderid',
      '参考号',
      '订单号',
      '商户订单号',
    ],
    general: ['ref', 'invoiceno'],
  },
  name: {
    specific: [
      'beneficiary',
      'beneficiaryname',
      'accountname',
      'accountholder',
      'customername',
      'payee',
      'payeename',
      'namapenerima',
      '收款人',
      '收款人姓名',
      '收款人名称',
      '户名',
      '账户名',
      '账户名称',
    ],
    general: ['name', 'nama', '姓名', '名称'],
  },
  account: {
    specific: [
      'accountno',
      'accountnumber',
      'bankaccount',
      'bankaccountno',
      'bankaccountnumber',
      'norekening',
      'nomorrekening',
      '银行账号',
      '收款账号',
      '收款账户',
      '银行卡号',
    ],
    general: ['account', 'rekening', '账号', '卡号'],
  },
  bank: {
    specific: ['bankcode', 'transfercode', 'kodebank', '银行代码', '银行编码'],
    general: ['bank', '银行'],
  },
  mobile: {
    specific: ['mobile', 'mobileno', 'mobilenumber', 'phonenumber', 'nohp', '手机', '手机号', '手机号码'],
    general: ['phone', 'hp', 'tel', '电话'],
  },
  email: { specific: ['email', 'emailaddress', '邮箱', '电子邮件', '电子邮箱'], general: [] },
  remark: {
    specific: ['remark', 'remarks', 'memo', 'keterangan', '备注', '说明'],
    general: ['note', 'notes', 'description'],
  },
}

const SCORE = { field: 3, specific: 2, general: 1 }

/** The role a header names and how surely, or null. */
function roleOf(normalized: string): { role: string; score: number } | null {
  for (const [role, { specific, general }] of Object.entries(ROLE_ALIASES)) {
    if (specific.includes(normalized)) return { role, score: SCORE.specific }
    if (general.includes(normalized)) return { role, score: SCORE.general }
  }
  return null
}

function candidates(header: readonly string[], shape: PayoutShape) {
  const has = (key: string) => (shape.fields.some((f) => f.key === key) ? key : undefined)
  const byRole: Record<string, string | undefined> = {
    amount: 'amount',
    reference: 'reference',
    name: shape.nameFields[0],
    account: shape.accountField,
    bank: shape.bankFields[0],
    mobile: has('mobile'),
    email: has('email'),
    remark: has('remark'),
  }
  const fieldKeys = new Map(
    ['amount', 'reference', ...shape.fields.map((f) => f.key)].map((k) => [normalizeHeader(k), k]),
  )
  return header.flatMap((h, column) => {
    const n = normalizeHeader(h)
    const field = fieldKeys.get(n)
    if (field) return [{ column, target: field, score: SCORE.field }]
    const role = roleOf(n)
    const target = role ? byRole[role.role] : undefined
    return role && target ? [{ column, target, score: role.score }] : []
  })
}

/**
 * Guesses which column is which from its header: a gateway field's own name first, then specific
 * aliases, then general ones; a target goes to one column only (the leftmost among equals). Unknown
 * columns map to null and are ignored (the person can map them by hand in the window).
 */
export function autoMapColumns(
  header: readonly string[],
  shape: PayoutShape,
): Record<string, ColumnTarget | null> {
  const ranked = candidates(header, shape).sort((a, b) => b.score - a.score || a.column - b.column)
  const taken = new Set<string>()
  const chosen = new Map<number, string>()
  for (const c of ranked) {
    if (taken.has(c.target) || chosen.has(c.column)) continue
    taken.add(c.target)
    chosen.set(c.column, c.target)
  }
  const mapping: Record<string, ColumnTarget | null> = {}
  header.forEach((h, i) => {
    if (!Object.hasOwn(mapping, h) || mapping[h] === null) mapping[h] = chosen.get(i) ?? null
  })
  return mapping
}

/** A header row names at least two known columns; a title line above it names none or one. */
export const looksLikeHeader =
  (shape: PayoutShape) =>
  (cells: readonly string[]): boolean =>
    new Set(candidates(cells, shape).map((c) => c.target)).size >= 2
