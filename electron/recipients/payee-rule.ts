import {
  accountFieldsOf,
  accountKeyIn,
  accountKeyOf,
  accountWords,
  nameKey,
} from '../../shared/domain/payee-account.ts'
import type { RecipientMatch, RecipientView } from '../../shared/ipc/recipients-contract.ts'
import type { ErrorText } from '../../shared/messages/errors.ts'
import { firstOf, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { accountRecipients, contactOf, type PayoutAccountChange } from '../ledger/recipients-repo.ts'
import {
  allUnlearned,
  countUnlearned,
  lastPayoutRow,
  newestUnlearnedAt,
  newestUnlearnedNamed,
  payeeFieldsOf,
  type PayeeFields,
  type UnlearnedPayout,
} from '../ledger/unlearned-payees-repo.ts'

/**
 * The payees of payouts written but not learned by the directory yet (held, queued, being sent, in doubt):
 * a payee is known at an account from the moment a payout to it is written, so "Budi at another account"
 * is asked about even while the payroll paying Budi waits. The payee rule asks only these two questions,
 * so the ledger answers them by index instead of reading every unsent payout.
 */
export interface UnlearnedPayees {
  /** The newest paying somebody by this name key, at any account. */
  named(name: string): RecipientView | undefined
  /** The newest paying this account key, by this name key when one is given. */
  at(account: string, name?: string): RecipientView | undefined
}

const NOBODY: UnlearnedPayees = { named: () => undefined, at: () => undefined }

/**
 * Who a payout's fields pay, against the profile's directory (its recipients, most recently paid or sent
 * first, then the payees of payouts written but not learned): somebody the profile knows by this name at
 * another account is an account change (changed), whatever the mobile, e-mail or other fields say,
 * because those are exactly what a fraudulent "my bank account changed" message supplies, and even when
 * that other account belongs to another known recipient ("pay Budi at my account"); else a recipient at
 * exactly this account (known); else nobody yet (new).
 */
export function matcherOver(
  recipients: readonly RecipientView[],
  shape: PayoutShape,
  unlearned: UnlearnedPayees = NOBODY,
) {
  const byAccount = new Map<string, RecipientView[]>()
  const byName = new Map<string, RecipientView>()
  const byFormerName = new Map<string, RecipientView>()
  for (const r of recipients) {
    const key = accountKeyOf(r.accountFields)
    // Pushed, not copied: many recipients at one account would make a copy per recipient quadratic.
    const here = byAccount.get(key)
    if (here) here.push(r)
    else byAccount.set(key, [r])
    const name = nameKey(r.name)
    if (!byName.has(name)) byName.set(name, r)
  }
  for (const r of recipients)
    for (const former of r.formerNames)
      if (!byFormerName.has(nameKey(former))) byFormerName.set(nameKey(former), r)
  return (fields: Readonly<Record<string, string>>): RecipientMatch => {
    const key = accountKeyIn(shape, fields)
    const atAccount = byAccount.get(key) ?? []
    const name = firstOf(fields, shape.nameFields)
    const typed = name ? nameKey(name) : null
    // Somebody bears the name now: a recipient, or the payee of a payout not learned yet.
    const current = typed ? (byName.get(typed) ?? unlearned.named(typed)) : undefined
    // A name somebody was known by before a rename counts only while nobody bears it now (else Budi's old
    // account would read as "known" through a renamed row there, once Budi himself has moved).
    const named = current ?? (typed ? byFormerName.get(typed) : undefined)
    if (!typed || !named) {
      const first = atAccount[0] ?? unlearned.at(key)
      return first ? { kind: 'known', recipient: first } : { kind: 'new' }
    }
    const knownAs = (r: RecipientView) =>
      nameKey(r.name) === typed || (!current && r.formerNames.some((n) => nameKey(n) === typed))
    const here = atAccount.find(knownAs) ?? unlearned.at(key, typed)
    if (here) return { kind: 'known', recipient: here }
    return {
      kind: 'changed',
      recipient: named,
      oldAccount: named.accountFields,
      newAccount: accountFieldsOf(shape, fields),
    }
  }
}

/**
 * An unlearned payout's payee as a directory entry. Its id names the payout, so an accepted change against
 * it is learned as a new recipient.
 */
export function payeeView(profileId: string, shape: PayoutShape, id: string, p: PayeeFields): RecipientView {
  const fields = JSON.parse(p.fields_json) as Record<string, string>
  return {
    id: `payout:${id}`,
    profileId,
    name: firstOf(fields, shape.nameFields) ?? p.account_no,
    account: p.account_no,
    accountFields: accountFieldsOf(shape, fields),
    ...contactOf(fields),
    note: null,
    firstPaidAt: null,
    lastPaidAt: null,
    payouts: 0,
    archived: false,
    formerNames: [],
  }
}

/** Up to this many unlearned payouts are read whole; more are looked up by index, payee by payee. */
export const FEW_UNLEARNED = 500

/**
 * The unlearned payees as they are now, read whole: when there are few, and for a release judging its
 * held payouts against all the others. Each payee's fields are read when first asked for (they never
 * change once written). Payouts in `except` are left out.
 */
export function unlearnedSnapshot(
  db: Ledger,
  profileId: string,
  shape: PayoutShape,
  except: ReadonlySet<string> = new Set(),
): UnlearnedPayees {
  const byName = new Map<string, string>()
  const byAccount = new Map<string, UnlearnedPayout[]>()
  for (const p of allUnlearned(db, profileId)) {
    if (except.has(p.id)) continue
    if (!byName.has(p.payee_name_key)) byName.set(p.payee_name_key, p.id)
    const here = byAccount.get(p.payee_account_key)
    if (here) here.push(p)
    else byAccount.set(p.payee_account_key, [p])
  }
  const views = new Map<string, RecipientView>()
  const view = (id: string | undefined) => {
    if (id === undefined) return undefined
    let v = views.get(id)
    const fields = v ? undefined : payeeFieldsOf(db, id)
    if (fields) views.set(id, (v = payeeView(profileId, shape, id, fields)))
    return v
  }
  return {
    named: (name) => view(byName.get(name)),
    at: (account, name) =>
      view(byAccount.get(account)?.find((p) => name === undefined || p.payee_name_key === name)?.id),
  }
}

/**
 * The same questions asked of the ledger's indexes as they come, for a caller inside one transaction:
 * payouts written after this was made (the caller's own) are left out, and each answer is kept, so it
 * reads as one snapshot too.
 */
function unlearnedByIndex(db: Ledger, profileId: string, shape: PayoutShape): UnlearnedPayees {
  const mark = lastPayoutRow(db)
  const answers = new Map<string, RecipientView | undefined>()
  const remembered = (question: string, ask: () => (UnlearnedPayout & PayeeFields) | undefined) => {
    if (answers.has(question)) return answers.get(question)
    const row = ask()
    const answer = row && payeeView(profileId, shape, row.id, row)
    answers.set(question, answer)
    return answer
  }
  return {
    named: (name) => remembered(`n ${name}`, () => newestUnlearnedNamed(db, profileId, mark, name)),
    at: (account, name) =>
      remembered(`a ${account}\n${name ?? ''}`, () => newestUnlearnedAt(db, profileId, mark, account, name)),
  }
}

/**
 * The directory of the profile's gateway account (every profile naming it) and the payees of its payouts
 * not yet learned, for one transaction: a few unlearned payouts are read at once, many are looked up by
 * index. Payouts the caller writes afterwards are never seen.
 */
export function recipientMatcher(db: Ledger, profileId: string, shape: PayoutShape, few = FEW_UNLEARNED) {
  const unlearned =
    countUnlearned(db, profileId, few + 1) <= few
      ? unlearnedSnapshot(db, profileId, shape)
      : unlearnedByIndex(db, profileId, shape)
  return matcherOver(accountRecipients(db, profileId), shape, unlearned)
}

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
  const others = unlearnedSnapshot(db, profileId, shape, new Set(held.map((h) => h.id)))
  const payee = matcherOver(accountRecipients(db, profileId), shape, others)
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
