import {
  accountFieldsOf,
  accountKeyIn,
  accountWords,
  payeeNameKeyOf,
  payeeNameOf,
} from '../../shared/domain/payee-account.ts'
import { acknowledgedOf } from '../../shared/domain/approval-notes.ts'
import { AppError } from '../errors.ts'
import { waitingWithNotes } from './team-approval-notes.ts'
import { newestFirstBy } from './team-payee-notes.ts'
import { accountKey, type AccountNamed } from '../ledger/gateway-account.ts'
import {
  approveIds,
  inApprovalTransaction,
  teamPayoutsToApprove,
  type BookConcernShown,
  type PayoutToApprove,
  type WaitingPayout,
  type WaitingShown,
} from '../team/team-approvals.ts'
import { lockTeamAccount } from '../team/team-batches.ts'
import { teamPayeeRows, teamProfileRules, type TeamProfileRules } from '../team/team-review-reads.ts'
import { assertPayeeKeysKept } from './team-import.ts'

type Db = Parameters<typeof teamPayeeRows>[0]

/**
 * Of the payouts to approve, those whose payee the team's book has come to know at another account since
 * each was written: the newest payout in the same name written after it, that may pay, is at another
 * account (the directory moved). Let go, it would pay the account the person left. The payouts of this
 * approval count too (approving Monday's payout to the old account with Tuesday's to the new one would
 * pay both), but not those of the payout's own file, whose one name at two accounts its person accepted.
 */
async function payeesMovedSince(db: Db, rules: TeamProfileRules, waiting: readonly PayoutToApprove[]) {
  const { shape } = rules
  const keyOf = (fields: Readonly<Record<string, string>>) => payeeNameKeyOf(shape, fields)
  const names = [...new Set(waiting.map((w) => keyOf(w.fields)))]
  const byName = newestFirstBy(
    await teamPayeeRows(
      db,
      rules.id,
      { names, accounts: [], unkeyed: true, byKey: true },
      { batch: null, ids: [] },
    ),
    keyOf,
  )
  return waiting.flatMap((w) => {
    // The first found is the directory's word now.
    const newer = byName
      .get(keyOf(w.fields))
      ?.find((r) => r.at > w.at && r.id !== w.id && (w.batch === null || r.batch !== w.batch))
    return newer && accountKeyIn(shape, newer.fields) !== accountKeyIn(shape, w.fields)
      ? [
          {
            reference: w.reference,
            name: payeeNameOf(shape, w.fields),
            old: accountWords(accountFieldsOf(shape, newer.fields)),
            new: accountWords(accountFieldsOf(shape, w.fields)),
          },
        ]
      : []
  })
}

/**
 * An owner's approval on the team ledger, whichever door asks (`team approve`, the window's Needs your
 * decision): exactly the payouts she was shown with the total she was shown (PostgreSQL's
 * `payout_desk.approve`), and none whose payee the book has since come to know at another account, as a
 * desk's release judges the payee again (actions/release.ts). Judged under the accounts' locks that every
 * write takes first, so a payout to the payee's new account written meanwhile is seen. Returns how many.
 */
export function approveForTeam(
  url: string,
  ids: readonly string[],
  total: number,
  acknowledged: readonly BookConcernShown[],
): Promise<number> {
  return inApprovalTransaction(url, async (client) => {
    const waiting = await teamPayoutsToApprove(client, ids)
    const profiles: TeamProfileRules[] = []
    for (const id of new Set(waiting.map((w) => w.profileId)))
      profiles.push(await teamProfileRules(client, id, 'id'))
    // The accounts the profiles name now and those the payouts were written for, in one order, whoever
    // approves what (the book takes the same, in byte order): two approvals never wait on each other.
    const accounts = new Map(profiles.map((rules) => [accountKey(rules), rules as AccountNamed]))
    for (const w of waiting) if (w.account) accounts.set(accountKey(w.account), w.account)
    for (const key of [...accounts.keys()].sort())
      await lockTeamAccount(client, accounts.get(key) as AccountNamed)
    if (profiles.length > 0) await assertPayeeKeysKept(client)
    const moved = []
    // A payout written for an account its profile names no more is judged by the book alone, at the
    // account it was written for (review 72 F3): the desk reads at the profile's account.
    const here = (w: PayoutToApprove, rules: TeamProfileRules) =>
      w.profileId === rules.id && (!w.account || accountKey(w.account) === accountKey(rules))
    for (const rules of profiles)
      moved.push(
        ...(await payeesMovedSince(
          client,
          rules,
          waiting.filter((w) => here(w, rules)),
        )),
      )
    const first = moved[0]
    if (first) {
      // Named by the first payee who moved, with that payee's payouts: the words fit each one listed.
      const same = moved.filter((m) => m.name === first.name && m.old === first.old && m.new === first.new)
      throw new AppError('CONFLICT', {
        key: 'teamApprovalPayeeMoved',
        params: { ...first, references: same.map((m) => m.reference).join(', '), count: same.length },
      })
    }
    return approveIds(client, ids, total, acknowledged)
  })
}

/** Approves exactly these payouts, whose total and book's concerns were shown; returns how many. */
export const approveShownForTeam = (url: string, shown: readonly WaitingPayout[]): Promise<number> =>
  approveForTeam(
    url,
    shown.map((p) => p.id),
    shown.reduce((sum, p) => sum + p.amountMinor, 0),
    acknowledgedOf(shown),
  )

/**
 * What an approval of `which` would approve, to show the person before they say yes: only an owner's,
 * each named reference must be waiting, and "all" leaves what this login prepared (nobody approves their
 * own; PostgreSQL refuses it too). Every door shows `shown` with its notes, asks, then approves it
 * (approveShownForTeam).
 */
export async function approvalToShow(
  url: string,
  which: 'all' | readonly string[],
  profile?: string,
): Promise<{ shown: WaitingPayout[]; leftAsOwn: number }> {
  const { me, owner, payouts } = await waitingWithNotes(url)
  if (!owner) throw new AppError('FORBIDDEN', { key: 'teamApprovalRefused' })
  if (which === 'all') {
    const shown = payouts.filter((p) => p.preparedBy !== me)
    return { shown, leftAsOwn: payouts.length - shown.length }
  }
  return { shown: waitingNamed(payouts, which, profile), leftAsOwn: 0 }
}

/**
 * The waiting payouts a person named, each a batch (by its id's start) or a reference (in `profile`, if
 * given), once each; a name that matches nothing waiting, or more than one thing, is refused.
 */
export function waitingNamed<P extends WaitingShown>(
  payouts: readonly P[],
  which: readonly string[],
  profile?: string,
): P[] {
  const inProfile = payouts.filter((p) => !profile || p.profile === profile)
  const shown = which.flatMap((name) => {
    const batch = waitingOfBatch(inProfile, name)
    // References are unique per profile only: the same one waiting in two profiles is never guessed
    // between (one of them could be anybody's payout to anybody under a familiar name).
    const found = inProfile.filter((p) => p.reference === name)
    if (batch && found.length > 0)
      throw new AppError('CONFLICT', { key: 'teamBatchOrReference', params: { name } })
    if (batch) return batch
    if (found.length === 0)
      throw new AppError('NOT_FOUND', { key: 'teamNotWaiting', params: { reference: name } })
    if (found.length > 1)
      throw new AppError('CONFLICT', {
        key: 'teamReferenceInProfiles',
        params: { reference: name, profiles: found.map((p) => p.profile).join(', ') },
      })
    return [found[0] as P]
  })
  return [...new Map(shown.map((p) => [p.id, p])).values()]
}

/**
 * What waits of the batch a person named by its id or its first 8 characters at least (as printed), or
 * null when no waiting batch is named so. A start shared by two waiting batches names neither.
 */
function waitingOfBatch<P extends WaitingShown>(payouts: readonly P[], name: string): P[] | null {
  const text = name.trim().toLowerCase()
  if (!/^[0-9a-f-]{8,36}$/.test(text)) return null
  const batches = new Set(payouts.flatMap((p) => (p.batchId?.startsWith(text) ? [p.batchId] : [])))
  if (batches.size > 1) throw new AppError('CONFLICT', { key: 'teamBatchNameShared', params: { name } })
  const [batch] = batches
  return batch ? payouts.filter((p) => p.batchId === batch) : null
}
