import { randomUUID } from 'node:crypto'
import type {
  RecipientChange,
  RecipientDetail,
  RecipientMatch,
  RecipientView,
} from '../../shared/ipc/recipients-contract.ts'
import { firstOf, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { prepared } from '../ledger/statements.ts'

/**
 * Where the money goes, as the gateway reads it: its bank fields and the account field, nothing else (a
 * new mobile number is not a new account; a new bank code is).
 */
export function accountFieldsOf(shape: PayoutShape, fields: Readonly<Record<string, string>>) {
  const out: Record<string, string> = {}
  for (const key of [...shape.bankFields, shape.accountField]) {
    const value = fields[key]
    if (value) out[key] = value
  }
  return out
}

export const accountKeyOf = (account: Record<string, string>): string =>
  Object.keys(account)
    .sort()
    .map((k) => `${k}=${account[k] ?? ''}`)
    .join('&')

const contactOf = (fields: Readonly<Record<string, string>>) => ({
  mobile: fields.mobile?.trim() || null,
  email: fields.email?.trim().toLowerCase() || null,
})
const sameName = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase()

interface Row {
  id: string
  profile_id: string
  name: string
  account_key: string
  account_no: string
  account_json: string
  mobile: string | null
  email: string | null
  note: string | null
  first_paid_at: number | null
  last_paid_at: number | null
  payouts: number
  archived: number
}

const toView = (r: Row): RecipientView => ({
  id: r.id,
  profileId: r.profile_id,
  name: r.name,
  account: r.account_no,
  accountFields: JSON.parse(r.account_json) as Record<string, string>,
  mobile: r.mobile,
  email: r.email,
  note: r.note,
  firstPaidAt: r.first_paid_at,
  lastPaidAt: r.last_paid_at,
  payouts: r.payouts,
  archived: r.archived === 1,
})

/**
 * Who a payout's fields pay: the recipient paid at exactly this account (known); else the same person —
 * same name and the same mobile or e-mail — last paid at another account (changed); else nobody yet.
 * The profile's directory is read once, so an import of many rows asks the ledger once.
 */
export function recipientMatcher(db: Ledger, profileId: string, shape: PayoutShape) {
  const rows = prepared<[string], Row>(db, 'SELECT * FROM recipients WHERE profile_id = ?').all(profileId)
  const byAccount = new Map(rows.map((r) => [r.account_key, r]))
  const byContact = new Map<string, Row[]>()
  for (const r of [...rows].sort((a, b) => (b.last_paid_at ?? 0) - (a.last_paid_at ?? 0)))
    for (const c of [r.mobile && `m:${r.mobile}`, r.email && `e:${r.email.toLowerCase()}`])
      if (c) byContact.set(c, [...(byContact.get(c) ?? []), r])
  return (fields: Readonly<Record<string, string>>): RecipientMatch => {
    const account = accountFieldsOf(shape, fields)
    const known = byAccount.get(accountKeyOf(account))
    if (known) return { kind: 'known', recipient: toView(known) }
    const name = firstOf(fields, shape.nameFields)
    const { mobile, email } = contactOf(fields)
    if (!name) return { kind: 'new' }
    const candidates = [
      ...(mobile ? (byContact.get(`m:${mobile}`) ?? []) : []),
      ...(email ? (byContact.get(`e:${email}`) ?? []) : []),
    ]
    const same = candidates.find((r) => sameName(r.name, name))
    if (!same) return { kind: 'new' }
    const recipient = toView(same)
    return { kind: 'changed', recipient, oldAccount: recipient.accountFields, newAccount: account }
  }
}

export const matchRecipient = (
  db: Ledger,
  profileId: string,
  shape: PayoutShape,
  fields: Readonly<Record<string, string>>,
): RecipientMatch => recipientMatcher(db, profileId, shape)(fields)

/** Old and new account in one line, for a warning or the CLI: "bankCode 0002, bankAccountNo 0012345". */
export const accountWords = (account: Record<string, string>): string =>
  Object.entries(account)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')

/**
 * A payout was paid: its recipient is created or brought up to date, in the caller's transaction. An
 * account change the person accepted for it moves the recipient to the new account, kept in its history.
 */
export function recordPaidPayout(db: Ledger, payoutId: string, shape: PayoutShape, now: number): void {
  const p = prepared<
    [string],
    { profile_id: string; fields_json: string; account_no: string; account_change_json: string | null }
  >(db, 'SELECT profile_id, fields_json, account_no, account_change_json FROM payouts WHERE id = ?').get(
    payoutId,
  )
  if (!p) return
  const fields = JSON.parse(p.fields_json) as Record<string, string>
  const account = accountFieldsOf(shape, fields)
  const key = accountKeyOf(account)
  const name = firstOf(fields, shape.nameFields) ?? p.account_no
  const { mobile, email } = contactOf(fields)
  const change = p.account_change_json
    ? (JSON.parse(p.account_change_json) as { recipientId: string; old: Record<string, string> })
    : null
  const existing =
    prepared<[string, string], { id: string }>(
      db,
      'SELECT id FROM recipients WHERE profile_id = ? AND account_key = ?',
    ).get(p.profile_id, key) ??
    (change
      ? prepared<[string], { id: string }>(db, 'SELECT id FROM recipients WHERE id = ?').get(
          change.recipientId,
        )
      : undefined)
  let id = existing?.id
  if (!id) {
    id = randomUUID()
    prepared(
      db,
      `INSERT INTO recipients (id, profile_id, name, account_key, account_no, account_json, mobile, email,
         first_paid_at, last_paid_at, payouts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    ).run(
      id,
      p.profile_id,
      name,
      key,
      p.account_no,
      JSON.stringify(account),
      mobile,
      email,
      now,
      now,
      now,
      now,
    )
  } else if (change && change.recipientId === id) {
    prepared(
      db,
      `UPDATE recipients SET account_key = ?, account_no = ?, account_json = ? WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM recipients o WHERE o.profile_id = recipients.profile_id AND o.account_key = ? AND o.id <> recipients.id)`,
    ).run(key, p.account_no, JSON.stringify(account), id, key)
    prepared(
      db,
      'INSERT INTO recipient_changes (recipient_id, at, payout_id, old_json, new_json) VALUES (?, ?, ?, ?, ?)',
    ).run(id, now, payoutId, JSON.stringify(change.old), JSON.stringify(account))
  }
  prepared(
    db,
    `UPDATE recipients SET payouts = payouts + 1, last_paid_at = ?, first_paid_at = COALESCE(first_paid_at, ?),
       mobile = COALESCE(mobile, ?), email = COALESCE(email, ?), updated_at = ? WHERE id = ?`,
  ).run(now, now, mobile, email, now, id)
  prepared(db, 'UPDATE payouts SET recipient_id = ? WHERE id = ?').run(id, payoutId)
}

export function listRecipients(
  db: Ledger,
  query: { profileId?: string; search?: string; includeArchived?: boolean } = {},
): RecipientView[] {
  const like = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  return prepared<[{ profile: string | null; all: number; like: string | null }], Row>(
    db,
    `SELECT * FROM recipients WHERE (@profile IS NULL OR profile_id = @profile) AND (@all = 1 OR archived = 0)
       AND (@like IS NULL OR name LIKE @like ESCAPE '\\' OR account_no LIKE @like ESCAPE '\\'
            OR mobile LIKE @like ESCAPE '\\' OR email LIKE @like ESCAPE '\\')
     ORDER BY name COLLATE NOCASE LIMIT 1000`,
  )
    .all({ profile: query.profileId ?? null, all: query.includeArchived ? 1 : 0, like })
    .map(toView)
}

export function getRecipient(db: Ledger, id: string): RecipientDetail | null {
  const row = prepared<[string], Row>(db, 'SELECT * FROM recipients WHERE id = ?').get(id)
  if (!row) return null
  const payoutIds = prepared(
    db,
    'SELECT id FROM payouts WHERE recipient_id = ? ORDER BY created_at DESC LIMIT 200',
  )
    .pluck()
    .all(id) as string[]
  const changes = prepared<
    [string],
    { at: number; payout_id: string | null; old_json: string; new_json: string }
  >(
    db,
    'SELECT at, payout_id, old_json, new_json FROM recipient_changes WHERE recipient_id = ? ORDER BY seq DESC',
  )
    .all(id)
    .map((c): RecipientChange => ({
      at: c.at,
      payoutId: c.payout_id,
      oldAccount: JSON.parse(c.old_json) as Record<string, string>,
      newAccount: JSON.parse(c.new_json) as Record<string, string>,
    }))
  return { ...toView(row), payoutIds, changes }
}

export function updateRecipient(
  db: Ledger,
  edit: {
    id: string
    name?: string
    mobile?: string | null
    email?: string | null
    note?: string | null
    archived?: boolean
  },
  now = Date.now(),
): RecipientView | null {
  const row = prepared<[string], Row>(db, 'SELECT * FROM recipients WHERE id = ?').get(edit.id)
  if (!row) return null
  prepared(
    db,
    'UPDATE recipients SET name = ?, mobile = ?, email = ?, note = ?, archived = ?, updated_at = ? WHERE id = ?',
  ).run(
    edit.name ?? row.name,
    edit.mobile !== undefined ? edit.mobile : row.mobile,
    edit.email !== undefined ? edit.email : row.email,
    edit.note !== undefined ? edit.note : row.note,
    edit.archived === undefined ? row.archived : edit.archived ? 1 : 0,
    now,
    edit.id,
  )
  return toView(prepared<[string], Row>(db, 'SELECT * FROM recipients WHERE id = ?').get(edit.id) as Row)
}
