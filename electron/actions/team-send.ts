import { checkedSecret } from './profiles.ts'
import { keptHere, restoreKept } from './kept-secret.ts'
import { parsePrivateKey } from '../providers/bluepay/sign.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { TeamDesk } from '../services/team-desk.ts'
import { PENDING_STATUSES } from '../../shared/domain/payout-status.ts'
import { AppError } from '../errors.ts'
import {
  claimedHereUnanswered,
  isOwner,
  queuedFor,
  setSenderCheck,
  statusesOf,
  teamProfiles,
  teamSenderChecks,
  sendingsHeldElsewhere,
  type SendingHeldElsewhere,
  type TeamProfile,
} from '../team/team-profiles.ts'
import { senderCheckOf, senderKeyOf } from '../team/sender-key.ts'
import { teamProfileRules, type TeamProfileRules } from '../team/team-review-reads.ts'

export interface TeamSendResult {
  /** The profiles this desk sent for, and those it left to a desk holding their secret. */
  sentFor: TeamProfile[]
  leftFor: TeamProfile[]
  /** What became of the payouts this desk took, by status. */
  byStatus: Record<string, number>
  /** Payouts still in doubt after asking their gateway: a person decides (payout-desk attention). */
  inDoubt: number
  /**
   * Profiles whose sending another desk holds (it is sending or checking now, or stopped mid-send and its
   * hold runs out at `until`): none of their payouts left from here; a send after `until` sends them.
   */
  heldElsewhere: SendingHeldElsewhere[]
  /** Stopped by its person (Ctrl-C): what was on its way got its answer; what had not left stays ready. */
  stopped: boolean
}

export interface TeamSendOptions {
  concurrency?: number
  onProgress?: (done: number, total: number) => void
  /** Stops it as quitting would (the engine's drain): nothing new leaves, nothing on its way is dropped. */
  signal?: AbortSignal
}

/**
 * Sends what is ready on the team ledger from this desk: first every payout in doubt is asked about (one a
 * desk left mid-send, or one the gateway did not answer), then what is queued (within the limits, or
 * approved) leaves, each once whichever desks send at the same time. Only for the profiles whose secret
 * this desk holds; what waits for approval never leaves.
 */
export async function sendForTeam(desk: TeamDesk, options: TeamSendOptions = {}): Promise<TeamSendResult> {
  const stop = () => void desk.engine.drain()
  if (options.signal?.aborted) stop()
  options.signal?.addEventListener('abort', stop, { once: true })
  try {
    return await sendingFrom(desk, options)
  } finally {
    options.signal?.removeEventListener('abort', stop)
  }
}

async function sendingFrom(desk: TeamDesk, options: TeamSendOptions): Promise<TeamSendResult> {
  const mine = new Set(await desk.sendsFor())
  const profiles = await teamProfiles(desk.pool)
  const sentFor = profiles.filter((p) => mine.has(p.id))
  const leftFor = profiles.filter((p) => !mine.has(p.id) && p.queued + p.open > 0)
  // Asked about first: what a desk left mid-send, or a gateway did not answer, before anything new leaves.
  const inDoubt = await desk.engine.recover()
  const queued = await queuedFor(
    desk.pool,
    sentFor.map((p) => p.id),
  )
  let done = 0
  // Sent by another desk meanwhile, or held by it now: the engine leaves it as it is.
  await desk.engine.sendEach(queued, {
    concurrency: options.concurrency ?? 4,
    onSettled: () => options.onProgress?.(++done, queued.length),
  })
  const touched = [...new Set([...queued, ...inDoubt])]
  const byStatus = await statusesOf(desk.pool, touched)
  const heldElsewhere = await sendingsHeldElsewhere(
    desk.pool,
    sentFor.map((p) => p.id),
    desk.owner,
  )
  // Submitting is in doubt only when this desk claimed it: another desk's send in flight is that desk's.
  const unanswered = byStatus.submitting ? await claimedHereUnanswered(desk.pool, touched, desk.owner) : 0
  return {
    sentFor,
    leftFor,
    byStatus,
    heldElsewhere,
    inDoubt: (byStatus.unknown ?? 0) + (byStatus.needs_review ?? 0) + unanswered,
    stopped: options.signal?.aborted === true,
  }
}

/**
 * Asks the gateways about the team's payouts still on their way (processing, in doubt, under review) of
 * the profiles whose secret this desk holds, as a desk's "Check statuses" does: what they now are, by
 * status. Nothing is sent.
 */
export async function refreshForTeam(
  desk: TeamDesk,
): Promise<{ byStatus: Record<string, number>; asked: number; unanswered: number }> {
  const ids = await desk.store.idsWithStatus(PENDING_STATUSES)
  let unanswered = 0
  for (const id of ids) {
    // Held by another desk right now, or the gateway did not answer: it stays as it is, asked again later.
    const answer = await desk.engine.refresh(id).catch(() => null)
    if (answer === null || answer.kind === 'inconclusive') unanswered++
  }
  return { byStatus: await statusesOf(desk.pool, ids), asked: ids.length, unanswered }
}

/** What `team send` would do from this desk: each profile, what is ready and open, and whether its secret is here. */
export async function teamSendingPlan(desk: TeamDesk): Promise<(TeamProfile & { secretHere: boolean })[]> {
  const mine = new Set(await desk.sendsFor())
  return (await teamProfiles(desk.pool)).map((p) => ({ ...p, secretHere: mine.has(p.id) }))
}

/**
 * The texts one secret may have been kept as, the usual first: a Vexora secret as given; a BluePay key
 * (refused when it cannot sign) trimmed, then as PKCS#8 PEM with and without its last line end, then as
 * given.
 */
function secretForms(provider: ProviderId, secret: string): string[] {
  const trimmed = checkedSecret(provider, secret)
  if (provider !== 'bluepay') return [trimmed]
  const pem = parsePrivateKey(secret).export({ type: 'pkcs8', format: 'pem' }).toString()
  return [...new Set([trimmed, pem, pem.trim(), secret])]
}

/** What keeping a secret did to the team's check of its senders (team migration 5). */
export type SenderCheckOutcome = 'matches' | 'set' | 'replaced' | 'owner-must-set'

/**
 * Keeps a team profile's gateway secret in this desk's keychain (never in the team ledger), so this desk
 * can send for it. The ledger keeps only the check of a key derived from it (team/sender-key.ts): an
 * owner's desk sets it (she may change the profile's account: a new secret is hers to give); another desk
 * keeps only the secret the owner set, and refuses another (a typo would otherwise fail at every send).
 * An owner's secret that differs from the one set replaces it only when she says so: a typo of hers
 * would otherwise stop every other desk from sending.
 * The profile is named as people call it, or by its id.
 */
export async function keepTeamSecret(
  desk: TeamDesk,
  name: string | { id: string },
  secret: string,
  options: { replace?: boolean } = {},
): Promise<{ profile: TeamProfileRules; check: SenderCheckOutcome }> {
  const profile =
    typeof name === 'string'
      ? await teamProfileRules(desk.pool, name)
      : await teamProfileRules(desk.pool, name.id, 'id')
  const current = (await teamSenderChecks(desk.pool)).find((p) => p.id === profile.id)?.check ?? null
  // The check is of the text the owner's keychain held. One BluePay key comes in many texts (line ends,
  // PKCS#1 or #8, PEM or bare base64, reviews 79 F9 and 80 F1): the form that matches the team's check is
  // kept, so this desk's key is derived alike; none matching, the key's own trimmed text.
  const forms = secretForms(profile.provider, secret)
  let kept = forms[0] ?? secret
  let check = senderCheckOf(await senderKeyOf(kept, profile.id))
  for (const form of current === null || current === check ? [] : forms.slice(1)) {
    const of = senderCheckOf(await senderKeyOf(form, profile.id))
    if (of !== current) continue
    kept = form
    check = of
    break
  }
  const owner = await isOwner(desk.pool)
  if (current !== null && current !== check && !owner)
    throw new AppError('INVALID_INPUT', { key: 'teamSecretNotTheTeams', params: { profile: profile.name } })
  if (current !== null && current !== check && options.replace !== true)
    throw new AppError('CONFLICT', { key: 'teamSecretReplaceAsk', params: { profile: profile.name } })
  const before = current === check || !owner ? null : await keptHere(desk.secrets, profile.id)
  await desk.secrets.set(profile.id, kept)
  if (current === check) return { profile, check: 'matches' }
  if (!owner) return { profile, check: 'owner-must-set' }
  if (!(await setSenderCheck(desk.pool, profile.id, check, { ...profile, check: current }))) {
    // Another owner moved the profile or set its secret since it was read: this desk's keychain holds
    // what it held, and the owner looks again.
    if (before) await restoreKept(desk.secrets, profile.id, before).catch(() => undefined)
    throw new AppError('CONFLICT', { key: 'teamSecretProfileChanged', params: { profile: profile.name } })
  }
  return { profile, check: current === null ? 'set' : 'replaced' }
}
