import { AppError } from '../errors.ts'
import { connected } from '../team/team-admin.ts'
import { readWaiting, type WaitingShown } from '../team/team-approvals.ts'
import { refuseIds } from '../team/team-refusals.ts'
import { waitingNamed } from './team-approve.ts'

/**
 * An owner's refusal on the team ledger, whichever door asks (`team refuse`, the window's Needs your
 * decision): exactly the payouts she was shown, with the total she was shown, are cancelled and never
 * paid (PostgreSQL's `payout_desk.refuse`, team migration 19). Her own as well as others': refusing moves
 * no money. Returns how many.
 */
export const refuseForTeam = (url: string, ids: readonly string[], total: number): Promise<number> =>
  refuseIds(url, ids, total)

/** Refuses exactly these payouts, whose total was shown; returns how many. */
export const refuseShownForTeam = (url: string, shown: readonly WaitingShown[]): Promise<number> =>
  refuseForTeam(
    url,
    shown.map((p) => p.id),
    shown.reduce((sum, p) => sum + p.amountMinor, 0),
  )

/**
 * What a refusal of the batches or references named would refuse, to show the owner before she says yes.
 * Read without the notes an approval is shown (20,000 waiting: 3.5 s of judging): refusing pays nobody.
 * Only an owner refuses (PostgreSQL refuses a bookkeeper too).
 */
export async function refusalToShow(
  url: string,
  which: readonly string[],
  profile?: string,
): Promise<WaitingShown[]> {
  const { owner, payouts } = await connected(url, readWaiting)
  if (!owner) throw new AppError('FORBIDDEN', { key: 'teamRefusalRefused' })
  return waitingNamed(
    payouts.map((w) => w.shown),
    which,
    profile,
  )
}
