import { teamDashboardOf, teamHistory, teamStories } from '../actions/team-book.ts'
import { decideForTeam, teamAttention } from '../actions/team-decide.ts'
import { keepTeamSecret, refreshForTeam, sendForTeam, teamSendingPlan } from '../actions/team-send.ts'
import { retryForTeam, retryTeamBatch } from '../actions/team-retry.ts'
import { teamBatchesToRetry } from '../team/team-retries.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { teamPayAgainForm, teamPayReviews } from '../actions/team-pay-reviews.ts'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { Services } from '../services/create-services.ts'
import { atTeamDesk, type TeamDesk } from '../services/team-desk.ts'
import { waitingWithNotes } from '../actions/team-approval-notes.ts'
import { approveForTeam } from '../actions/team-approve.ts'
import { refuseForTeam } from '../actions/team-refuse.ts'
import {
  addTeamProfile,
  editTeamProfile,
  listTeamProfileRecords,
  setTeamLimits,
} from '../actions/team-profiles.ts'
import { AppError } from '../errors.ts'
import { limitOf } from './limit-input.ts'
import { teamProfileRecord } from '../team/team-profile-writes.ts'
import { senderKeys } from '../team/sender-key.ts'
import { connectTeam, forgetTeam, teamConnectionView, teamLedgerUrl } from '../team/team-connection.ts'
import type { Handlers } from './dispatch.ts'

type TeamChannels =
  | 'getTeamConnection'
  | 'connectTeam'
  | 'forgetTeam'
  | 'listTeamApprovals'
  | 'approveTeamPayouts'
  | 'refuseTeamPayouts'
  | 'listTeamProfiles'
  | 'saveTeamProfile'
  | 'setTeamLimits'
  | 'setTeamSecret'
  | 'sendTeamPayouts'
  | 'listTeamHistory'
  | 'getTeamStory'
  | 'getTeamDashboard'
  | 'listTeamAttention'
  | 'resolveTeamAttention'
  | 'retryTeamPayout'
  | 'refreshTeamPayouts'
  | 'reviewTeamPayout'
  | 'writeTeamPayout'
  | 'getTeamPayAgain'
  | 'listTeamBatchesToRetry'
  | 'retryTeamBatch'

/**
 * Settings → Team, the owner's approvals and this desk's sending on the team ledger. PostgreSQL decides who
 * may approve what (an owner, never her own, only what is still as shown); the window names exactly the
 * payouts and the total it showed. The gateways' secrets go from the window into this desk's keychain
 * only; the team ledger keeps a check of them.
 */
export function teamHandlers(
  services: Services,
  log: (where: string, error: unknown) => void,
): Pick<Handlers, TeamChannels> {
  const { ledger, secrets } = services
  // Derived once per secret while the window is open (each is a tenth of a second of scrypt).
  const senderKey = senderKeys((id) => secrets.reveal(id))
  const teamUrl = () => teamLedgerUrl(ledger, secrets)
  const payReviews = teamPayReviews(teamUrl)
  const atDesk = async <T>(work: (desk: TeamDesk) => Promise<T>) =>
    atTeamDesk(
      {
        url: await teamLedgerUrl(ledger, secrets),
        secrets,
        senderKey,
        onError: (id, e) => log(`team ${id}`, e),
      },
      async (desk) => {
        // Quitting while it works (a Send): it claims nothing new, and what is out finishes first.
        const forget = services.onClose(() => desk.engine.drain())
        try {
          return await work(desk)
        } finally {
          forget()
        }
      },
    )
  return {
    getTeamConnection: () => teamConnectionView(ledger),
    connectTeam: (input) => connectTeam(ledger, secrets, input),
    forgetTeam: () => forgetTeam(ledger, secrets, services.dataDir),
    listTeamApprovals: async () => waitingWithNotes(await teamLedgerUrl(ledger, secrets)),
    approveTeamPayouts: async ({ ids, totalMinor, acknowledged }) => ({
      approved: await approveForTeam(await teamLedgerUrl(ledger, secrets), ids, totalMinor, acknowledged),
    }),
    refuseTeamPayouts: async ({ ids, totalMinor }) => ({
      refused: await refuseForTeam(await teamLedgerUrl(ledger, secrets), ids, totalMinor),
    }),
    listTeamProfiles: () =>
      atDesk(async (desk) => {
        const records = new Map((await listTeamProfileRecords(desk)).map((r) => [r.id, r]))
        return (await teamSendingPlan(desk)).flatMap((p) => {
          const r = records.get(p.id)
          return r
            ? [
                {
                  id: p.id,
                  name: p.name,
                  provider: p.provider,
                  area: p.area,
                  environment: p.environment,
                  currency: p.currency,
                  queued: p.queued,
                  queuedMinor: p.queuedMinor,
                  open: p.open,
                  secretHere: p.secretHere,
                  baseUrl: r.baseUrl,
                  merchantId: r.merchantId,
                  notifyUrl: r.notifyUrl,
                  hasGatewayPublicKey: r.gatewayPublicKey !== null,
                  perPayoutMinor: r.perPayoutMinor,
                  perDayMinor: r.perDayMinor,
                  timeZone: r.timeZone,
                },
              ]
            : []
        })
      }),
    saveTeamProfile: ({ id, secret, shown, ...input }) =>
      atDesk(async (desk) => {
        if (id) return { id: (await editTeamProfile(desk, id, input, secret ?? null, shown)).id }
        return { id: (await addTeamProfile(desk, input, secret)).id }
      }),
    setTeamLimits: ({ profileId, perPayout, perDay, timeZone, shown }) =>
      atDesk(async (desk) => {
        // Its currency, to read the amounts typed in: one profile read, by id.
        const profile = await teamProfileRecord(desk.pool, profileId, { by: 'id' })
        if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGone' })
        const currency = profile.currency as CurrencyCode
        const after = await setTeamLimits(
          desk,
          profileId,
          {
            perPayoutMinor: limitOf(perPayout, currency, 'per-payout'),
            perDayMinor: limitOf(perDay, currency, 'per-day'),
            timeZone,
          },
          shown,
        )
        return { id: after.id }
      }),
    setTeamSecret: ({ profileId, secret, replace }) =>
      atDesk(async (desk) => {
        const { profile, check } = await keepTeamSecret(desk, { id: profileId }, secret, {
          replace: replace === true,
        })
        return { profile: profile.name, check }
      }),
    listTeamHistory: async (query) => {
      const read = await teamHistory(await teamLedgerUrl(ledger, secrets), services.dataDir, query)
      if (read.copyProblem) log('team ledger copy', read.copyProblem)
      return { ...read.answer, offline: read.offline }
    },
    getTeamStory: async ({ reference }) => {
      const read = await teamStories(await teamLedgerUrl(ledger, secrets), services.dataDir, reference)
      if (read.copyProblem) log('team ledger copy', read.copyProblem)
      return { stories: read.answer, offline: read.offline }
    },
    getTeamDashboard: async ({ dayStarts, weekStart }) => {
      const read = await teamDashboardOf(await teamUrl(), services.dataDir, dayStarts, weekStart)
      if (read.copyProblem) log('team ledger copy', read.copyProblem)
      return { profiles: read.answer, offline: read.offline }
    },
    listTeamAttention: () =>
      atDesk(async (desk) => (await teamAttention(desk)).map((item) => ({ ...item, book: 'team' as const }))),
    resolveTeamAttention: (decision) => atDesk((desk) => decideForTeam(desk, decision)),
    retryTeamPayout: ({ id }) =>
      atDesk(async (desk) => {
        const again = await retryForTeam(desk, id)
        // Over a limit it waits for an owner: the window's word for written but held is draft.
        const status = again.status === 'awaiting_approval' ? 'draft' : (again.status as PayoutStatus)
        return { id: again.id, reference: again.reference, status }
      }),
    refreshTeamPayouts: () => atDesk((desk) => refreshForTeam(desk)),
    reviewTeamPayout: (input) => payReviews.review(input),
    writeTeamPayout: ({ reviewId, ...accepted }) => payReviews.write(reviewId, accepted),
    getTeamPayAgain: async ({ id }) => teamPayAgainForm(await teamUrl(), id),
    listTeamBatchesToRetry: () =>
      atDesk(async (desk) =>
        (await teamBatchesToRetry(desk.pool)).map((b) => ({
          ...b,
          environment: b.environment === 'production' ? ('production' as const) : ('sandbox' as const),
          currency: b.currency as CurrencyCode,
        })),
      ),
    retryTeamBatch: ({ batchId, ids }) =>
      atDesk(async (desk) => {
        const done = await retryTeamBatch(desk, batchId, ids)
        return {
          retried: done.retried.map((r) => ({
            retryOf: r.retryOf,
            reference: r.reference,
            status: r.status,
          })),
          left: done.left,
        }
      }),
    sendTeamPayouts: () =>
      atDesk(async (desk) => {
        const sent = await sendForTeam(desk)
        return {
          byStatus: sent.byStatus,
          inDoubt: sent.inDoubt,
          sentFor: sent.sentFor.map((p) => p.name),
          leftFor: sent.leftFor.map((p) => ({ name: p.name, queued: p.queued })),
          heldElsewhere: sent.heldElsewhere,
        }
      }),
  }
}
