import { accountFieldsOf, accountKeyOf, accountWords, nameKey } from '../../shared/domain/payee-account.ts'
import type { RecipientMatch, RecipientView } from '../../shared/ipc/recipients-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { firstOf, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { accountRecipients, pendingPayees, type PayoutAccountChange } from '../ledger/recipients-repo.ts'

/**
 * Who a payout's fields pay, against the profile's directory (its recipients, most recently paid or sent
 * first, then the payees of payouts written but not sent): somebody the profile knows by this name at another account is an account change (changed),
 * whatever the mobile, e-mail or other fields say, because those are exactly what a fraudulent "my bank
 * account changed" message supplies, and even when that other account belongs to another known recipient
 * ("pay Budi at my account"); else a recipient at exactly this account (known); else nobody yet (new).
 */
export function matcherOver(recipients: readonly RecipientView[], shape: PayoutShape) {
  const byAccount = new Map<string, RecipientView[]>()
  const byName = new Map<string, RecipientView>()
  for (const r of recipients) {
    const key = accountKeyOf(r.accountFields)
    // Pushed, not copied: many unsent payouts to one account would make a copy per payout quadratic.
    const here = byAccount.get(key)
    if (here) here.push(r)
    else byAccount.set(key, [r])
    const name = nameKey(r.name)
    if (!byName.has(name)) byName.set(name, r)
  }
  // The names borne now. As in byName, a former name counts only while nobody bears it now (else Budi's
  // old account would read as "known" through a renamed row there, once Budi himself has moved).
  const bornNow = new Set(byName.keys())
  // A name somebody was known by before a rename, unless somebody bears it now.
  for (const r of recipients)
    for (const former of r.formerNames) if (!byName.has(nameKey(former))) byName.set(nameKey(former), r)
  const knownAs = (r: RecipientView, name: string) =>
    nameKey(r.name) === name || (!bornNow.has(name) && r.formerNames.some((n) => nameKey(n) === name))
  return (fields: Readonly<Record<string, string>>): RecipientMatch => {
    const account = accountFieldsOf(shape, fields)
    const atAccount = byAccount.get(accountKeyOf(account)) ?? []
    const name = firstOf(fields, shape.nameFields)
    const typed = name ? nameKey(name) : null
    const named = typed ? byName.get(typed) : undefined
    if (!typed || !named) return atAccount[0] ? { kind: 'known', recipient: atAccount[0] } : { kind: 'new' }
    const here = atAccount.find((r) => knownAs(r, typed))
    if (here) return { kind: 'known', recipient: here }
    return { kind: 'changed', recipient: named, oldAccount: named.accountFields, newAccount: account }
  }
}

/**
 * The directory of the profile's gateway account (every profile naming it) and the payees of its payouts
 * not yet learned, read once, so an import of many
 * rows asks the ledger once. Read before a write, so a write never sees its own payouts.
 */
export const recipientMatcher = (db: Ledger, profileId: string, shape: PayoutShape) =>
  matcherOver([...accountRecipients(db, profileId), ...pendingPayees(db, profileId, shape)], shape)

export type PayeeMatcher = ReturnType<typeof recipientMatcher>

export const matchRecipient = (
  db: Ledger,
  profileId: string,
  shape: PayoutShape,
  fields: Readonly<Record<string, string>>,
): RecipientMatch => recipientMatcher(db, profileId, shape)(fields)

/**
 * Held payouts (waiting for release) whose payee the directory, or another payout not sent yet, now knows
 * at another account than the one the person saw or accepted when the payout was written: releasing them
 * would pay an account the directory has moved away from since (and, once sent, move the directory back).
 * The payee rule is judged again as at writing, each payout with the change it was accepted with; the
 * held payouts themselves are left out of the directory they are judged against.
 */
export function payeesMovedSinceWritten(
  db: Ledger,
  profileId: string,
  shape: PayoutShape,
  held: readonly { id: string; reference: string; fields_json: string; account_change_json: string | null }[],
): { reference: string; verdict: Extract<PayeeVerdict, { ok: false }> }[] {
  const own = new Set(held.map((h) => `payout:${h.id}`))
  const payee = matcherOver(
    [
      ...accountRecipients(db, profileId),
      ...pendingPayees(db, profileId, shape).filter((p) => !own.has(p.id)),
    ],
    shape,
  )
  const moved: { reference: string; verdict: Extract<PayeeVerdict, { ok: false }> }[] = []
  for (const h of held) {
    const accepted = h.account_change_json ? (JSON.parse(h.account_change_json) as PayoutAccountChange) : null
    const verdict = judgePayee(
      payee(JSON.parse(h.fields_json) as Record<string, string>),
      accepted ? { old: accepted.old } : undefined,
    )
    if (!verdict.ok) moved.push({ reference: h.reference, verdict })
  }
  return moved
}

/** What a person accepted about a changed account: the recipient's account as it was shown to them. */
export interface AcceptedChange {
  old: Readonly<Record<string, string>>
}

export type PayeeVerdict =
  | { ok: true; change: PayoutAccountChange | null }
  | { ok: false; why: 'not_accepted' | 'moved'; match: Extract<RecipientMatch, { kind: 'changed' }> }

/**
 * The account-change rule, the same for every door and every way of paying (New payout, a file, Retry,
 * Pay again): a changed account is paid only when the person accepted it having seen the old account that
 * the directory still holds; an acceptance of another old account (the directory moved meanwhile) is no
 * acceptance.
 */
export function judgePayee(match: RecipientMatch, accepted: AcceptedChange | undefined): PayeeVerdict {
  if (match.kind !== 'changed') return { ok: true, change: null }
  if (!accepted) return { ok: false, why: 'not_accepted', match }
  if (accountKeyOf(accepted.old) !== accountKeyOf(match.oldAccount)) return { ok: false, why: 'moved', match }
  return { ok: true, change: { recipientId: match.recipient.id, old: { ...match.oldAccount } } }
}

/** Whom the directory knows where, and where this payout goes: the parameters of every change message. */
export function changeParams(match: Extract<RecipientMatch, { kind: 'changed' }>) {
  return {
    name: match.recipient.name,
    old: accountWords(match.oldAccount),
    new: accountWords(match.newAccount),
  }
}

/** Both accounts in one sentence, for a terminal's warning line. */
export function changeLine(match: Extract<RecipientMatch, { kind: 'changed' }>): string {
  const { name, old, new: now } = changeParams(match)
  return `${name} was last paid at ${old}; this payout goes to ${now}.`
}

/**
 * A refusal naming both accounts and what to do, as a message key: every door words it in its person's
 * language, and a door that accepts with a flag can say which.
 */
export function payeeRefusal(verdict: Extract<PayeeVerdict, { ok: false }>): ErrorText {
  return {
    key: verdict.why === 'moved' ? 'accountMoved' : 'accountChanged',
    params: changeParams(verdict.match),
  }
}
