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

// Headers people actually write, in English, Indonesian and Chinese, for the roles every gateway has,
// written as people write them (they are normalized once, below). `specific` names say exactly what the
// column is; `general` ones ("Bank", "Name") lose to a specific one in the same file: "Bank" beside
// "Bank Code" is the bank's name, not its code. The first specific names are the ones messages suggest.
const ROLE_HEADERS: Record<string, { specific: readonly string[]; general: readonly string[] }> = {
  amount: {
    specific: [
      'Amount',
      '金额',
      'Jumlah',
      'Payout Amount',
      'Transfer Amount',
      'Nominal',
      '付款金额',
      '转账金额',
      '打款金额',
      '实发金额',
    ],
    general: ['Amt', 'Value', 'Total'],
  },
  reference: {
    specific: [
      'Reference',
      '参考号',
      'Merchant Reference',
      'Trade No',
      'Mch Order ID',
      'Order ID',
      '订单号',
      '商户订单号',
    ],
    general: ['Ref', 'Invoice No'],
  },
  name: {
    specific: [
      'Account Name',
      '收款人',
      'Beneficiary Name',
      'Nama Penerima',
      'Beneficiary',
      'Account Holder',
      'Customer Name',
      'Payee',
      'Payee Name',
      'Recipient',
      'Recipient Name',
      '收款人姓名',
      '收款人名称',
      '户名',
      '开户名',
      '账户名',
      '账户名称',
    ],
    general: ['Name', 'Full Name', 'Nama', '姓名', '名称'],
  },
  account: {
    specific: [
      'Account Number',
      '账号',
      'No Rekening',
      'Account No',
      'Bank Account',
      'Bank Account No',
      'Bank Account Number',
      'Acc No',
      'Nomor Rekening',
      '银行账号',
      '收款账号',
      '收款账户',
      '收款人账号',
      '银行卡号',
    ],
    general: ['Account', 'Rekening', '卡号', '账户'],
  },
  bank: {
    specific: ['Bank Code', '银行代码', 'Kode Bank', 'Transfer Code', '银行编码', '银行编号'],
    general: ['Bank', '银行', '开户银行', '开户行', '收款银行', 'Bank Name', 'Nama Bank', '银行名称'],
  },
  mobile: {
    specific: [
      'Mobile',
      '手机',
      'No HP',
      'Phone',
      'Mobile No',
      'Mobile Number',
      'Phone Number',
      'Phone No',
      'Mobile Phone',
      'Nomor HP',
      '手机号',
      '手机号码',
      '联系电话',
      '电话号码',
    ],
    general: ['HP', 'Tel', 'Telephone', '电话'],
  },
  email: {
    specific: ['Email', '邮箱', 'Email Address', '电子邮件', '电子邮箱', '邮件地址'],
    general: ['Mail'],
  },
  remark: {
    specific: ['Remark', '备注', 'Keterangan', 'Remarks', 'Memo', '说明'],
    general: ['Note', 'Notes', 'Description'],
  },
}

// Headers for one gateway's own fields that no other gateway has (BluePay's per-method fields).
const FIELD_HEADERS: Record<string, readonly string[]> = {
  payMethodCode: ['Pay Method', '付款方式', 'Payment Method', 'Pay Method Code', 'Method', '支付方式'],
  promptpayAccountType: ['PromptPay Account Type', 'PromptPay 账户类型', 'PromptPay Type'],
  accountType: ['Account Type', '账户类型'],
  accountTaxId: ['Tax ID', '税号', 'Tax Number', '纳税人识别号'],
  relationship: ['Relationship', '关系'],
}

const normalizedList = (names: readonly string[]) => names.map(normalizeHeader)
const ROLE_ALIASES = Object.fromEntries(
  Object.entries(ROLE_HEADERS).map(([role, { specific, general }]) => [
    role,
    { specific: normalizedList(specific), general: normalizedList(general) },
  ]),
)
const FIELD_ALIASES = new Map(
  Object.entries(FIELD_HEADERS).flatMap(([field, names]) => names.map((n) => [normalizeHeader(n), field])),
)

const SCORE = { field: 3, specific: 2, general: 1 }

/** The role a header names and how surely, or null. */
function roleOf(normalized: string): { role: string; score: number } | null {
  for (const [role, { specific, general }] of Object.entries(ROLE_ALIASES)) {
    if (specific.includes(normalized)) return { role, score: SCORE.specific }
    if (general.includes(normalized)) return { role, score: SCORE.general }
  }
  return null
}

/** Which of the gateway's targets each role fills. */
function roleTargets(shape: PayoutShape): Record<string, string | undefined> {
  const has = (key: string) => (shape.fields.some((f) => f.key === key) ? key : undefined)
  return {
    amount: 'amount',
    reference: 'reference',
    name: shape.nameFields[0],
    account: shape.accountField,
    bank: shape.bankFields[0],
    mobile: has('mobile'),
    email: has('email'),
    remark: has('remark'),
  }
}

function candidates(header: readonly string[], shape: PayoutShape) {
  const byRole = roleTargets(shape)
  const has = (key: string) => shape.fields.some((f) => f.key === key)
  const fieldKeys = new Map(
    ['amount', 'reference', ...shape.fields.map((f) => f.key)].map((k) => [normalizeHeader(k), k]),
  )
  return header.flatMap((h, column) => {
    const n = normalizeHeader(h)
    const field = fieldKeys.get(n)
    if (field) return [{ column, target: field, score: SCORE.field }]
    const own = FIELD_ALIASES.get(n)
    if (own && has(own)) return [{ column, target: own, score: SCORE.specific }]
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

/**
 * The headers a column holding `target` may have, as people write them (first the ones messages
 * suggest): never the gateway's internal field name, which a person's file would not use.
 */
export function acceptedHeaders(target: string, shape: PayoutShape): string[] {
  const own = FIELD_HEADERS[target]
  if (own) return [...own]
  const roles = roleTargets(shape)
  const role = Object.keys(ROLE_HEADERS).find((r) => roles[r] === target)
  const headers = role ? ROLE_HEADERS[role] : undefined
  return headers ? [...headers.specific, ...headers.general] : []
}

/**
 * The fields a payout needs (the amount, the gateway's required ones) that no column is read as, each
 * with every header that would be: what to rename an unrecognised column to.
 */
export function unmatchedHeaders(
  shape: PayoutShape,
  mapping: Record<string, ColumnTarget | null>,
): { target: string; accepted: string[] }[] {
  const mapped = new Set(Object.values(mapping))
  const needed = ['amount', ...shape.fields.filter((f) => f.required || f.requiredWhen).map((f) => f.key)]
  return needed
    .filter((target) => !mapped.has(target))
    .map((target) => ({ target, accepted: acceptedHeaders(target, shape) }))
}
