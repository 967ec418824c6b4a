import type { TeamApprovalNote, TeamApprovals, TeamWaitingPayout } from '../../shared/ipc/team-contract.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { ACCOUNT_WARNINGS, DUPLICATE_WARNINGS } from '../import/commit-import.ts'
import { PROVIDERS } from '../providers/registry.ts'
import { accountKey } from '../ledger/gateway-account.ts'
import { connected } from '../team/team-admin.ts'
import { readBookConcerns, readWaiting, type BookConcern, type WaitingRead } from '../team/team-approvals.ts'
import {
  teamPayeeRows,
  teamProfileRules,
  teamRecentRepeats,
  teamServerNow,
  type TeamProfileRules,
} from '../team/team-review-reads.ts'
import { acceptedAny, payeeNotes } from './team-payee-notes.ts'

type Db = Parameters<typeof teamPayeeRows>[0]

/**
 * A repeat the owner is shown: the same account and amount written in the last 20 days. Her preparer is
 * asked at 30 (a file's review); a month's payroll is 28 to 31 days after the last, which she approved,
 * and noting every salary of it would teach her to look past the notes (review 75 R1). A payout twice
 * by mistake is days apart.
 */
const OWNER_REPEAT_MS = 20 * 24 * 3_600_000

/**
 * Reviews 73 F1, F2 and F5: a bookkeeper may write a payout to a payee's new account, or a repeat, and
 * accept it himself (the app records that), or write it with psql (nobody is asked). What waits for an
 * owner is the team's one look by another person, so she is shown what the book knows of each payout as
 * she looks: its payee's last account, a payment of the same account and amount in the last 30 days, and
 * another waiting payout paying the same, with whether its person accepted it when writing it.
 */
export function waitingWithNotes(url: string): Promise<TeamApprovals> {
  return connected(url, async (client) => {
    const { me, owner, owners, payouts } = await readWaiting(client)
    // The book's concerns are read on a connection of their own while this desk judges its notes: 20,000
    // waiting read in 3.5–3.8 s so, 4.3–6.2 s one after the other. An approval judges them again, under
    // the accounts' locks, against what was shown. Both are waited for, so no read outlives this action.
    const [notes, concerns] = await Promise.allSettled([
      notesOf(client, payouts, owners),
      connected(url, (apart) =>
        readBookConcerns(
          apart,
          payouts.map((w) => w.shown.id),
        ),
      ),
    ])
    if (notes.status === 'rejected') throw notes.reason
    if (concerns.status === 'rejected') throw concerns.reason
    return { me, owner, payouts: withBookConcerns(payouts, notes.value, concerns.value) }
  })
}

/**
 * The waiting payouts with their notes and the book's own concerns (team migration 18). Each concern is
 * shown in its own words unless the desk's notes already say the same (the same kind, about the same
 * account or name): the desk's notes also count payouts nobody saw, so its "another name" could name a
 * bookkeeper's cheap decoy where the book names the person an owner saw at the account (review 82 F1),
 * and its "new account" could stand for a payee no owner ever saw (F5). The owner acknowledges only
 * what she was shown.
 */
function withBookConcerns(
  payouts: readonly WaitingRead[],
  notes: ReadonlyMap<string, TeamApprovalNote[]>,
  concerns: readonly BookConcern[],
): TeamWaitingPayout[] {
  const byPayout = new Map<string, BookConcern[]>()
  for (const c of concerns) byPayout.set(c.id, [...(byPayout.get(c.id) ?? []), c])
  return payouts.map((w) => {
    const own = byPayout.get(w.shown.id) ?? []
    // Where the book knows whom an owner saw, the desk's "new payee" (judged among earlier payouts only)
    // would contradict it (review 83 L1).
    const known = own.some((c) => c.kind === 'new_account' || c.kind === 'other_name')
    const shown = (notes.get(w.shown.id) ?? []).filter((n) => !(known && n.kind === 'new_payee'))
    for (const c of own) {
      const book = noteOfConcern(w, c)
      if (!shown.some((n) => saysTheSame(n, book))) shown.push(book)
    }
    return { ...w.shown, notes: shown, concerns: own.map((c) => c.kind) }
  })
}

/** Whether a desk's note tells what a note of the book's does: its kind, about the same account or name. */
function saysTheSame(desk: TeamApprovalNote, book: TeamApprovalNote): boolean {
  if (desk.kind !== book.kind) return false
  switch (book.kind) {
    case 'new_account':
      return (
        desk.kind === 'new_account' &&
        desk.was.accountNo === book.was.accountNo &&
        desk.was.bank === book.was.bank
      )
    case 'other_name':
      return desk.kind === 'other_name' && desk.name === book.name
    default:
      return true
  }
}

function noteOfConcern(w: WaitingRead, c: BookConcern): TeamApprovalNote {
  const seen = payeeOf(w.provider, w.area, c.seenFields ?? {})
  switch (c.kind) {
    case 'new_account':
      return {
        kind: 'new_account',
        was: { bank: seen.bank, accountNo: seen.accountNo },
        accepted: acceptedAny(w, ACCOUNT_WARNINGS),
      }
    case 'other_name':
      return { kind: 'other_name', name: seen.name }
    case 'two_accounts':
      return { kind: 'two_accounts', also: { bank: seen.bank, accountNo: seen.accountNo } }
    case 'decided_not_paid':
      return {
        kind: 'decided_not_paid',
        reference: c.seenFields?.reference ?? '',
        person: c.seenFields?.person ?? '',
        action: c.seenFields?.action === 'not-sent' ? 'not-sent' : 'keep-ledger',
      }
    case 'new_payee':
      return { kind: 'new_payee', paidBefore: c.paidBefore }
  }
}

async function notesOf(db: Db, waiting: readonly WaitingRead[], owners: ReadonlySet<string>) {
  const notes = new Map<string, TeamApprovalNote[]>()
  const note = (id: string, n: TeamApprovalNote) => {
    const of = notes.get(id)
    if (of) of.push(n)
    else notes.set(id, [n])
  }
  const since = (await teamServerNow(db)) - OWNER_REPEAT_MS
  const judged: { rules: TeamProfileRules; here: WaitingRead[] }[] = []
  for (const profileId of new Set(waiting.map((w) => w.profileId))) {
    const ofProfile = waiting.filter((w) => w.profileId === profileId)
    const rules = await teamProfileRules(db, profileId, 'id').catch((error: unknown) => {
      // A profile at an area this desk has no rules for (a newer desk's, or an owner's at psql): its
      // payouts are listed, said to be unjudged here; the others are judged (review 74 F5).
      if (error instanceof AppError && error.text.key === 'gatewayCannotPay') return null
      throw error
    })
    if (!rules) {
      for (const w of ofProfile) note(w.shown.id, { kind: 'unchecked', why: 'rules' })
      continue
    }
    // Judged at the account the profile names now, as the reads are; a payout written for another (its
    // profile moved since) is the book's alone to judge at approval (approve(), team migration 15), and
    // is said to be unjudged here (review 74 F10).
    const here = ofProfile.filter((w) => !w.account || accountKey(w.account) === accountKey(rules))
    for (const w of ofProfile) if (!here.includes(w)) note(w.shown.id, { kind: 'unchecked', why: 'moved' })
    for (const w of here) {
      // What the gateway client would refuse before sending, in its words (a look-alike name written
      // with psql): approved, it would only wait with that error (review 74 F6).
      try {
        PROVIDERS[rules.provider].checkFields(rules.area, w.fields)
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        note(w.shown.id, { kind: 'not_sendable', problem: error.text })
      }
    }
    for (const [id, n] of await payeeNotes(db, rules, here, owners)) note(id, n)
    for (const [id, n] of await recentRepeats(db, rules, here, since, waiting)) note(id, n)
    judged.push({ rules, here })
  }
  for (const [id, n] of repeatsWaiting(judged)) note(id, n)
  return notes
}

/** The payouts whose account and amount were paid (or are on their way) in the last 30 days. */
async function recentRepeats(
  db: Db,
  rules: TeamProfileRules,
  here: readonly WaitingRead[],
  since: number,
  waiting: readonly WaitingRead[],
) {
  const field = rules.shape.accountField
  const pays = [...new Map(here.map((w) => [`${w.fields[field]} ${w.shown.amountMinor}`, w])).values()]
    .map((w) => ({ account: w.fields[field] ?? '', amountMinor: w.shown.amountMinor }))
    .filter((p) => p.account !== '')
  // What waits is left out here: it is not paid, and two waiting payouts are told apart below.
  const found = await teamRecentRepeats(db, {
    profileId: rules.id,
    since,
    accountField: field,
    pays,
    except: { batch: null, ids: waiting.map((w) => w.shown.id) },
  })
  const at = new Map(found.map((r) => [`${r.account} ${r.amountMinor}`, r.at]))
  return here.flatMap((w): [string, TeamApprovalNote][] => {
    const paid = at.get(`${w.fields[field]} ${w.shown.amountMinor}`)
    return paid === undefined
      ? []
      : [
          [
            w.shown.id,
            {
              kind: 'paid_recently',
              at: new Date(paid).toISOString(),
              accepted: acceptedAny(w, ['sent_recently']),
            },
          ],
        ]
  })
}

/**
 * Waiting payouts at one gateway account (through any of its profiles) paying the same account the same
 * amount: each names the first other.
 */
function repeatsWaiting(at: readonly { rules: TeamProfileRules; here: readonly WaitingRead[] }[]) {
  const same = new Map<string, WaitingRead[]>()
  for (const { rules, here } of at) {
    const field = rules.shape.accountField
    for (const w of here) {
      if (!w.fields[field]) continue
      const key = `${accountKey(rules)} ${w.fields[field]} ${w.shown.amountMinor}`
      const of = same.get(key)
      if (of) of.push(w)
      else same.set(key, [w])
    }
  }
  return [...same.values()].flatMap((group) =>
    group.length < 2
      ? []
      : group.map((w): [string, TeamApprovalNote] => [
          w.shown.id,
          {
            kind: 'twice_waiting',
            reference: (group.find((o) => o.shown.id !== w.shown.id) as WaitingRead).shown.reference,
            accepted: acceptedAny(w, DUPLICATE_WARNINGS),
          },
        ]),
  )
}
