import type { ReviewTarget } from '../import/review-target.ts'
import { stageAgainstInTurns } from '../import/stage-import.ts'
import { AppError } from '../errors.ts'
import { atTeamPool } from '../team/team-pool.ts'
import { teamProfileRules } from '../team/team-review-reads.ts'
import { commitTeamFile, stageForTeam, teamBookForFile } from './team-import.ts'

/** Which team ledger and login a URL is: a review is written only where it was checked. */
export const ledgerOf = (url: string) => {
  const u = new URL(url)
  return `${decodeURIComponent(u.username)}@${u.hostname}:${u.port || '5432'}${u.pathname}`
}

/**
 * A team profile's file reviewed in the window (import-sessions.ts): checked against the team's book as
 * `team import` checks it, a few milliseconds at a time, and written with commitTeamFile, which refuses a
 * profile whose gateway account changed since the last check. Each check reads the profile again (what
 * the view then shows is what the write holds to), and each check and the write ask for the team's URL
 * again: a desk that forgot its login writes nothing, and one connected to another ledger since is refused.
 */
export async function teamReviewTarget(url: () => Promise<string>, profileId: string): Promise<ReviewTarget> {
  const first = await url()
  const at = async <T>(work: Parameters<typeof atTeamPool<T>>[1]): Promise<T> => {
    const now = await url()
    if (ledgerOf(now) !== ledgerOf(first))
      throw new AppError('CONFLICT', { key: 'teamLedgerChangedMeanwhile' })
    return atTeamPool(now, work)
  }
  let profile = await at((pool) => teamProfileRules(pool, profileId, 'id'))
  return {
    ledger: 'team',
    profileId: profile.id,
    provider: profile.provider,
    area: profile.area,
    shape: profile.shape,
    shown: () => ({ name: profile.name, environment: profile.environment }),
    mappingKey: `team:${profile.id}`,
    stage: async (sheet, source, options) => {
      const book = await at(async (pool) => {
        profile = await teamProfileRules(pool, profileId, 'id')
        return teamBookForFile(pool, profile, sheet, source, options)
      })
      return stageForTeam(at, profile, book, (whole) => stageAgainstInTurns(whole, sheet, source, options))
    },
    write: async (staged, accepted) => {
      const source = { fileName: staged.fileName, sha256: staged.fileSha256 }
      const done = await at((pool) =>
        commitTeamFile(pool, { profile, staged, source }, { skipInvalid: false, accepted }),
      )
      return {
        batchId: done.batchId,
        count: done.written,
        awaitingRelease: false,
        team: { statuses: done.statuses },
      }
    },
  }
}
