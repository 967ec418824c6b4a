import type { TeamApprovalNote, TeamApprovals } from '../../shared/ipc/team-contract.ts'
import { accountKeyIn, payeeNameKeyOf } from '../../shared/domain/payee-account.ts'
import { payeeOf } from '../../shared/providers/payout-shape.ts'
import { ACCOUNT_WARNINGS, DUPLICATE_WARNINGS } from '../import/commit-import.ts'
import { RECENT_MS } from '../import/review-book.ts'
import { accountKey } from '../ledger/gateway-account.ts'
import { connected } from '../team/team-admin.ts'
import { readWaiting, type WaitingRead } from '../team/team-approvals.ts'
import {
  teamPayeeRows,
  teamProfileRules,
  teamRecentRepeats,
  teamServerNow,
  type TeamPayeeRow,
  type TeamProfileRules,
} from '../team/team-review-reads.ts'

type Db = Parameters<typeof teamPayeeRows>[0]

/**
 * Reviews 73 F1, F2 and F5: a bookkeeper may write a payout to a payee's new account, or a repeat, and
 * accept it himself (the app records that), or write it with psql (nobody is asked). What waits for an
 * owner is the team's one look by another person, so she is shown what the book knows of each payout as
 * she looks: its payee's last account, a payment of the same account and amount in the last 30 days, and
 * another waiting payout paying the same, with whether its person accepted it when writing it.
 */
export function waitingWithNotes(url: string): Promise<TeamApprovals> {
  return connected(url, async (client) => {
    const { me, owner, payouts } = await readWaiting(client)
    const notes = await notesOf(client, payouts)
    return {
      me,
      owner,
      payouts: payouts.map(({ shown }) => ({ ...shown, notes: notes.get(shown.id) ?? [] })),
    }
  })
}

async function notesOf(db: Db, waiting: readonly WaitingRead[]) {
  const notes = new Map<string, TeamApprovalNote[]>()
  const note = (id: string, n: TeamApprovalNote) => {
    const of = notes.get(id)
    if (of) of.push(n)
    else notes.set(id, [n])
  }
  const since = (await teamServerNow(db)) - RECENT_MS
  const judged: { rules: TeamProfileRules; here: WaitingRead[] }[] = []
  for (const profileId of new Set(waiting.map((w) => w.profileId))) {
    const rules = await teamProfileRules(db, profileId, 'id')
    // Judged at the account the profile names now, as the reads are; a payout written for another (its
    // profile moved since) is the book's alone to judge at approval (approve(), team migration 15).
    const here = waiting.filter(
      (w) => w.profileId === profileId && (!w.account || accountKey(w.account) === accountKey(rules)),
    )
    for (const [id, n] of await newAccounts(db, rules, here)) note(id, n)
    for (const [id, n] of await recentRepeats(db, rules, here, since, waiting)) note(id, n)
    judged.push({ rules, here })
  }
  for (const [id, n] of repeatsWaiting(judged)) note(id, n)
  return notes
}

const acceptedAny = (w: WaitingRead, codes: Iterable<string>) =>
  [...codes].some((c) => w.accepted.includes(c))

/**
 * The payouts whose payee's newest payout before it, that may pay, is at another account: the account
 * changed when it was written (its own file counts: one name at two accounts in a file is shown too).
 */
async function newAccounts(db: Db, rules: TeamProfileRules, here: readonly WaitingRead[]) {
  const { shape } = rules
  const keyOf = (fields: Readonly<Record<string, string>>) => payeeNameKeyOf(shape, fields)
  if (here.length === 0) return []
  const names = [...new Set(here.map((w) => keyOf(w.fields)))]
  const byName = namesNewestFirst(
    await teamPayeeRows(db, rules.id, { names, accounts: [], unkeyed: true, byKey: true }),
    keyOf,
  )
  return here.flatMap((w): [string, TeamApprovalNote][] => {
    // The first found before it is what the directory said when it was written.
    const before = byName.get(keyOf(w.fields))?.find((r) => r.at < w.at)
    if (!before || accountKeyIn(shape, before.fields) === accountKeyIn(shape, w.fields)) return []
    const { accountNo, bank } = payeeOf(rules.provider, rules.area, before.fields)
    return [
      [
        w.shown.id,
        { kind: 'new_account', was: { bank, accountNo }, accepted: acceptedAny(w, ACCOUNT_WARNINGS) },
      ],
    ]
  })
}

/**
 * Payee rows by their name's key, each name's newest first. Looked up by name, as a file's thousands of
 * payees would otherwise each read all the rows (20,000 waiting among 100,000 paid took two minutes).
 */
export function namesNewestFirst(
  rows: readonly TeamPayeeRow[],
  keyOf: (fields: Readonly<Record<string, string>>) => string,
): Map<string, TeamPayeeRow[]> {
  const byName = new Map<string, TeamPayeeRow[]>()
  for (const r of rows) {
    const named = byName.get(keyOf(r.fields))
    if (named) named.push(r)
    else byName.set(keyOf(r.fields), [r])
  }
  for (const named of byName.values()) named.sort((a, b) => (a.at === b.at ? 0 : a.at > b.at ? -1 : 1))
  return byName
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
              accepted: acceptedAny(w, DUPLICATE_WARNINGS),
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
