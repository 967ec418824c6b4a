import { AppError } from '../errors.ts'
import { connected } from '../team/team-admin.ts'
import type { TeamDashboardProfile } from '../../shared/ipc/team-contract.ts'
import { daysInOrder } from './dashboard.ts'
import { openTeamCopy, teamCopyPath, updateTeamCopy } from '../team/team-copy.ts'
import { teamDashboard } from '../team/team-dashboard.ts'
import {
  teamHistoryPage,
  teamPayoutStories,
  type HistoryCursor,
  type TeamHistoryQuery,
  type TeamHistoryRow,
  type TeamPayoutStory,
} from '../team/team-history.ts'

/** What a read of the team's book answered, and whether it came from this desk's copy (and of when). */
export interface BookAnswer<T> {
  answer: T
  /** Null when the server answered; else when this desk's copy was taken (null inside: unknown). */
  offline: { copiedAt: number | null } | null
  /** The copy could not be brought up to date (the answer stands: the server gave it). */
  copyProblem: string | null
}

/**
 * Reads the team's book from the server and brings this desk's copy up to date from it; when the server
 * cannot be reached, reads the copy instead, read-only, and says so in the answer. Nothing here writes to
 * the team's book, whichever answered.
 */
async function fromBookOrCopy<T>(
  url: string,
  dataDir: string,
  online: (c: Parameters<typeof teamHistoryPage>[0]) => Promise<T>,
  offline: (copy: NonNullable<ReturnType<typeof openTeamCopy>>) => T,
): Promise<BookAnswer<T>> {
  const file = teamCopyPath(dataDir, url)
  try {
    return await connected(url, async (c) => {
      const answer = await online(c)
      const copyProblem = await updateTeamCopy(c, file).then(
        () => null,
        (error: unknown) => String(error),
      )
      return { answer, offline: null, copyProblem }
    })
  } catch (error) {
    const copy = error instanceof AppError && error.code === 'UNREACHABLE' ? openTeamCopy(file) : null
    if (!copy) throw error
    try {
      return { answer: offline(copy), offline: { copiedAt: copy.copiedAt() }, copyProblem: null }
    } finally {
      copy.close()
    }
  }
}

/** A page of the team's history, newest first: from the server, or this desk's copy without it. */
export const teamHistory = (
  url: string,
  dataDir: string,
  query: TeamHistoryQuery,
): Promise<BookAnswer<{ rows: TeamHistoryRow[]; next: HistoryCursor | null }>> =>
  fromBookOrCopy(
    url,
    dataDir,
    (c) => teamHistoryPage(c, query),
    (copy) => copy.page(query),
  )

/** The team's book at a glance over the window's last 30 local days: from the server, or the copy. */
export const teamDashboardOf = (
  url: string,
  dataDir: string,
  dayStarts: readonly number[],
  weekStart: number,
): Promise<BookAnswer<TeamDashboardProfile[]>> => {
  const days = daysInOrder(dayStarts)
  return fromBookOrCopy(
    url,
    dataDir,
    (c) => teamDashboard(c, days, weekStart),
    (copy) => copy.dashboard(days, weekStart),
  )
}

/**
 * The payouts under a reference with every step and its person: from the server, or the copy. None is
 * refused: offline, as missing from this desk's copy (it may be newer), not from the team's book.
 */
export async function teamStories(
  url: string,
  dataDir: string,
  reference: string,
): Promise<BookAnswer<TeamPayoutStory[]>> {
  const read = await fromBookOrCopy(
    url,
    dataDir,
    (c) => teamPayoutStories(c, reference),
    (copy) => copy.stories(reference),
  )
  if (read.answer.length === 0)
    throw new AppError('NOT_FOUND', { key: read.offline ? 'teamPayoutNotInCopy' : 'payoutNotFound' })
  return read
}
