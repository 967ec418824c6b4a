import { randomUUID } from 'node:crypto'
import type { RecipientChange, RecipientDetail, RecipientView } from '../../shared/ipc/recipients-contract.ts'
import { firstOf, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { accountFieldsOf, accountKeyOf, nameKey } from '../../shared/domain/payee-account.ts'
import type { Ledger } from './open-ledger.ts'
import { SAME_ACCOUNT_PROFILES } from './same-account.ts'
import { prepared } from './statements.ts'

export const contactOf = (fields: Readonly<Record<string, string>>) => ({
  mobile: fields.mobile?.trim() || null,
  email: fields.email?.trim().toLowerCase() || null,
})

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
  former_names_json: string
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
  formerNames: JSON.parse(r.former_names_json) as string[],
})

/** A profile's whole directory, archived included, the most recently paid or sent first. */
export const profileRecipients = (db: Ledger, profileId: string): RecipientView[] =>
  prepared<[string], Row>(db, 'SELECT * FROM recipients WHERE profile_id = ? ORDER BY updated_at DESC, id')
    .all(profileId)
    .map(toView)

/**
 * The directories of every profile naming this profile's gateway account, the most recently paid or
 * sent first: one merchant account pays one Budi, whichever profile sends (the payee rule reads this).
 */
export const accountRecipients = (db: Ledger, profileId: string): RecipientView[] =>
  prepared<[string], Row>(
    db,
    `SELECT * FROM recipients WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) ORDER BY updated_at DESC, id`,
  )
    .all(profileId)
    .map(toView)

/**
 * The directory learns whom a payout pays, in the caller's transaction: the recipient at its account is
 * created, or, when the person accepted an account change for it, moved to the new account with the
 * change kept in its history. Called when the payout is first sent (so a payee is known from then on, not
 * only once paid) and again when it is paid; the second time finds it in place. A payout reaches here
 * only through the payee rule, so the directory never learns an account whose change was not accepted.
 */
/** An account change the person accepted for a payout, kept with it (`account_change_json`). */
export interface PayoutAccountChange {
  recipientId: string
  old: Record<string, string>
}

function learnPayee(db: Ledger, payoutId: string, shape: PayoutShape, now: number): string | null {
  const p = prepared<
    [string],
    { profile_id: string; fields_json: string; account_no: string; account_change_json: string | null }
  >(db, 'SELECT profile_id, fields_json, account_no, account_change_json FROM payouts WHERE id = ?').get(
    payoutId,
  )
  if (!p) return null
  const fields = JSON.parse(p.fields_json) as Record<string, string>
  const account = accountFieldsOf(shape, fields)
  const key = accountKeyOf(account)
  const name = firstOf(fields, shape.nameFields) ?? p.account_no
  const { mobile, email } = contactOf(fields)
  const change = p.account_change_json ? (JSON.parse(p.account_change_json) as PayoutAccountChange) : null
  const existing =
    prepared<[string, string], { id: string; account_key: string }>(
      db,
      'SELECT id, account_key FROM recipients WHERE profile_id = ? AND account_key = ?',
    ).get(p.profile_id, key) ??
    (change
      ? prepared<[string], { id: string; account_key: string }>(
          db,
          'SELECT id, account_key FROM recipients WHERE id = ?',
        ).get(change.recipientId)
      : undefined)
  let id = existing?.id
  if (!id) {
    id = randomUUID()
    prepared(
      db,
      `INSERT INTO recipients (id, profile_id, name, account_key, account_no, account_json, mobile, email,
         first_paid_at, last_paid_at, payouts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?, ?)`,
    ).run(id, p.profile_id, name, key, p.account_no, JSON.stringify(account), mobile, email, now, now)
  } else if (change && change.recipientId === id && existing && existing.account_key !== key) {
    const move = { key, accountNo: p.account_no, account, payoutId, old: change.old, now }
    moveRecipient(db, id, move)
    // Another profile naming the same merchant account keeps a directory of its own: its row for this
    // person at the old account moves too, or the payee rule would still read the old account as theirs.
    const twins = prepared<[string, string, string], Pick<Row, 'id' | 'name' | 'former_names_json'>>(
      db,
      `SELECT id, name, former_names_json FROM recipients
         WHERE profile_id IN (${SAME_ACCOUNT_PROFILES}) AND account_key = ? AND id <> ?`,
    ).all(p.profile_id, existing.account_key, id)
    const typed = nameKey(name)
    // As the payee rule reads these profiles' directory: a name is whoever bears it now, else whoever bore
    // it before a rename. A row only formerly so named, while somebody bears the name now, is not moved.
    // Read once, and only if a twin was so named before: moving rows changes no one's name.
    let borne: boolean | undefined
    const bearsNow = () =>
      (borne ??= prepared<[string], string>(
        db,
        `SELECT name FROM recipients WHERE profile_id IN (${SAME_ACCOUNT_PROFILES})`,
      )
        .pluck()
        .all(p.profile_id)
        .some((n) => nameKey(n) === typed))
    for (const t of twins) {
      const wasNamed = (JSON.parse(t.former_names_json) as string[]).some((n) => nameKey(n) === typed)
      if (nameKey(t.name) === typed || (wasNamed && !bearsNow())) moveRecipient(db, t.id, move)
    }
  }
  prepared(
    db,
    'UPDATE recipients SET mobile = COALESCE(mobile, ?), email = COALESCE(email, ?), updated_at = ? WHERE id = ?',
  ).run(mobile, email, now, id)
  prepared(db, 'UPDATE payouts SET recipient_id = ? WHERE id = ?').run(id, payoutId)
  return id
}

/**
 * Moves a recipient to the account a person accepted for them, with the change in its history; not onto
 * an account its profile already knows as somebody else's (one recipient per account and profile).
 */
function moveRecipient(
  db: Ledger,
  id: string,
  m: {
    key: string
    accountNo: string
    account: Record<string, string>
    payoutId: string
    old: Record<string, string>
    now: number
  },
): void {
  const moved = prepared(
    db,
    `UPDATE recipients SET account_key = ?, account_no = ?, account_json = ? WHERE id = ?
       AND NOT EXISTS (SELECT 1 FROM recipients o WHERE o.profile_id = recipients.profile_id AND o.account_key = ? AND o.id <> recipients.id)`,
  ).run(m.key, m.accountNo, JSON.stringify(m.account), id, m.key)
  if (moved.changes === 0) return
  prepared(
    db,
    'INSERT INTO recipient_changes (recipient_id, at, payout_id, old_json, new_json) VALUES (?, ?, ?, ?, ?)',
  ).run(id, m.now, m.payoutId, JSON.stringify(m.old), JSON.stringify(m.account))
}

/** A payout was sent for the first time: from now on its payee is known at its account. */
export function recordSentPayout(db: Ledger, payoutId: string, shape: PayoutShape, now: number): void {
  learnPayee(db, payoutId, shape, now)
}

/** A payout was paid: its recipient is learned (if it was not when sent) and counts one more payout. */
export function recordPaidPayout(db: Ledger, payoutId: string, shape: PayoutShape, now: number): void {
  const id = learnPayee(db, payoutId, shape, now)
  if (!id) return
  prepared(
    db,
    `UPDATE recipients SET payouts = payouts + 1, last_paid_at = ?, first_paid_at = COALESCE(first_paid_at, ?)
       WHERE id = ?`,
  ).run(now, now, id)
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
  const name = edit.name ?? row.name
  // The name they had is kept: a payout to that name at another account is still an account change.
  const former = (JSON.parse(row.former_names_json) as string[]).filter((n) => nameKey(n) !== nameKey(name))
  if (nameKey(row.name) !== nameKey(name) && !former.some((n) => nameKey(n) === nameKey(row.name)))
    former.push(row.name)
  prepared(
    db,
    `UPDATE recipients SET name = ?, mobile = ?, email = ?, note = ?, archived = ?, updated_at = ?,
       former_names_json = ? WHERE id = ?`,
  ).run(
    name,
    edit.mobile !== undefined ? edit.mobile : row.mobile,
    edit.email !== undefined ? edit.email : row.email,
    edit.note !== undefined ? edit.note : row.note,
    edit.archived === undefined ? row.archived : edit.archived ? 1 : 0,
    now,
    JSON.stringify(former),
    edit.id,
  )
  return toView(prepared<[string], Row>(db, 'SELECT * FROM recipients WHERE id = ?').get(edit.id) as Row)
}
