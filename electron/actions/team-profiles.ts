import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { ProfileShown, SaveProfileInput } from '../../shared/ipc/profiles-contract.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import { spellingFor } from '../ledger/gateway-account.ts'
import { DEFAULT_TIME_ZONE, isTimeZone } from '../payouts/profile-day.ts'
import { parsePublicKey } from '../providers/bluepay/sign.ts'
import type { SecretStore } from '../secrets/secret-store.ts'
import { inTeamTransaction } from '../team/team-batches.ts'
import { keptHere, restoreKept } from './kept-secret.ts'
import { isOwner, teamSenderChecks } from '../team/team-profiles.ts'
import {
  insertTeamProfile,
  teamProfilePayouts,
  teamProfileRecord,
  teamProfileRecords,
  teamBaseUrls,
  teamOpenPayouts,
  updateTeamProfile,
  type TeamProfileRecord,
} from '../team/team-profile-writes.ts'
import { senderCheckOf, senderKeyOf } from '../team/sender-key.ts'
import { assertAsShown, checkedSecret } from './profiles.ts'
import type pg from 'pg'

/**
 * A team's profiles, from any door: an owner adds one, changes its account or its limits; everybody
 * lists them. The same rules as a desk's own profiles (actions/profiles.ts): the gateway's country must be
 * one it pays, a BluePay key must sign, the gateway and country are fixed once it has payouts, and a move
 * to another account takes the new account's secret in the same change. The secret stays in this
 * computer's keychain; the team ledger keeps only its check (team/sender-key.ts), set with the change, so
 * every desk then sends with that secret or not at all. PostgreSQL refuses all of it to a bookkeeper.
 */
interface Ctx {
  pool: pg.Pool
  secrets: SecretStore
}

type ProfileInput = Omit<z.output<typeof SaveProfileInput>, 'id' | 'secret' | 'shown'>

export const listTeamProfileRecords = (ctx: Pick<Ctx, 'pool'>): Promise<TeamProfileRecord[]> =>
  teamProfileRecords(ctx.pool)

/** Refused, before anything is written, unless the connected login is an owner's. */
async function ownersOnly(pool: pg.Pool): Promise<void> {
  if (!(await isOwner(pool))) throw new AppError('FORBIDDEN', { key: 'teamProfileOwnersOnly' })
}

function checkedInput(input: ProfileInput): ProfileInput & { currency: string } {
  const shape = payoutShape(input.provider, input.area)
  if (!shape)
    throw new AppError('INVALID_INPUT', {
      key: 'areaUnsupported',
      params: { gateway: input.provider, area: input.area },
    })
  if (input.gatewayPublicKey) parsePublicKey(input.gatewayPublicKey)
  // Named one by one: what else a door's input carries (an id, a secret) is never written from it.
  const { name, provider, area, environment, baseUrl, merchantId, notifyUrl, gatewayPublicKey } = input
  return {
    name,
    provider,
    area,
    environment,
    baseUrl,
    merchantId,
    notifyUrl,
    gatewayPublicKey,
    currency: shape.currency,
  }
}

/** The name is taken: PostgreSQL's unique name, said as the desk's own ledger says it. */
function nameTaken(error: unknown, name: string): unknown {
  const { code, constraint } = error as { code?: string; constraint?: string }
  return code === '23505' && constraint === 'profiles_name_key'
    ? new AppError('INVALID_INPUT', { key: 'profileNameTaken', params: { name } }, { cause: error })
    : error
}

/**
 * Adds a team profile with its secret: kept in this keychain first, under the new profile's id, then the
 * profile is written with the secret's check in one statement; if the ledger refuses, the secret goes.
 */
export async function addTeamProfile(
  ctx: Ctx,
  input: ProfileInput,
  /** Required: a team profile nobody holds the secret of could be sent from by no desk. */
  secret: string | null | undefined,
): Promise<TeamProfileRecord> {
  await ownersOnly(ctx.pool)
  if (!secret?.trim()) throw new AppError('INVALID_INPUT', { key: 'teamProfileNeedsSecret' })
  const given = checkedInput(input)
  const kept = checkedSecret(given.provider, secret)
  given.baseUrl = spellingFor(given.baseUrl, await teamBaseUrls(ctx.pool))
  const id = randomUUID()
  await ctx.secrets.set(id, kept)
  try {
    await insertTeamProfile(ctx.pool, {
      id,
      ...given,
      perPayoutMinor: null,
      perDayMinor: null,
      timeZone: DEFAULT_TIME_ZONE[given.provider],
      senderCheck: senderCheckOf(await senderKeyOf(kept, id)),
    })
  } catch (error) {
    // The answer may be lost after the row landed (review 79 F4): then the profile is there, with its
    // secret here. Only a profile surely not written takes its secret away; unknown, the secret stays.
    const landed = await teamProfileRecord(ctx.pool, id, { by: 'id' }).catch(() => undefined)
    if (landed) return landed
    if (landed === null) await ctx.secrets.delete(id).catch(() => undefined)
    throw nameTaken(error, given.name)
  }
  return (await teamProfileRecord(ctx.pool, id, { by: 'id' })) as TeamProfileRecord
}

/**
 * Changes a team profile: what is given, under its row's lock, over the name and account the owner was
 * shown (another owner's move or rename since refuses it). A move to another gateway account (its
 * address, merchant or environment) needs the new account's secret: kept here, and its check replaces
 * the team's in the same transaction, so no desk sends to the new account with the old account's secret.
 */
export async function editTeamProfile(
  ctx: Ctx,
  id: string,
  input: ProfileInput,
  secret: string | null,
  /** The profile as the owner was shown it: a change without it is refused (a stale form could move it back). */
  shown: ProfileShown | undefined,
): Promise<TeamProfileRecord> {
  await ownersOnly(ctx.pool)
  if (!shown)
    throw new AppError('INVALID_INPUT', { key: 'profileChangedSinceShown', params: { profile: input.name } })
  const given = checkedInput(input)
  const kept = secret === null ? null : checkedSecret(given.provider, secret)
  const check = kept === null ? null : senderCheckOf(await senderKeyOf(kept, id))
  const before = kept === null ? undefined : await keptHere(ctx.secrets, id)
  // Set inside the transaction's callback, read after it.
  const keychain = { wrote: false }
  try {
    await inTeamTransaction(ctx.pool, async (c) => {
      const now = await teamProfileRecord(c, id, { by: 'id', lock: true })
      if (!now) throw new AppError('NOT_FOUND', { key: 'profileGone' })
      assertAsShown(now, shown)
      // Its own spelling of the address first, then any the team has: one merchant, one account.
      given.baseUrl = spellingFor(given.baseUrl, [now.baseUrl, ...(await teamBaseUrls(c))])
      // A team profile's gateway never changes (PostgreSQL grants no such update), nor its currency; its
      // country only while it has no payouts.
      if (now.currency !== given.currency)
        throw new AppError('INVALID_INPUT', {
          key: 'teamProfileCurrencyFixed',
          params: { currency: now.currency },
        })
      if (
        now.provider !== given.provider ||
        (now.area !== given.area && (await teamProfilePayouts(c, id)) > 0)
      )
        throw new AppError('INVALID_INPUT', { key: 'profileGatewayFixed' })
      const moves =
        now.baseUrl !== given.baseUrl ||
        now.merchantId !== given.merchantId ||
        now.environment !== given.environment ||
        now.area !== given.area
      // An open payout must be asked about, and sent again, where it was sent: the account stays while any
      // is (review 79 F2, F10: they were stranded, one in doubt could no longer be learnt paid), as on a
      // desk's own ledger (gateway-account.ts assertAccountEditable). Under the profile's lock, which
      // every write of its payouts takes first: none is written meanwhile.
      const open = moves ? await teamOpenPayouts(c, id) : 0
      if (open > 0)
        throw new AppError('INVALID_INPUT', {
          key: 'gatewayAccountLocked',
          params: { name: now.name, count: open, ledger: 'team' },
        })
      if (moves && kept === null) throw new AppError('INVALID_INPUT', { key: 'profileNeedsSecretAgain' })
      await updateTeamProfile(c, id, {
        ...given,
        // No gateway key given keeps the one stored, as on a desk's own profiles.
        gatewayPublicKey: given.gatewayPublicKey || now.gatewayPublicKey,
        ...(check === null ? {} : { senderCheck: check }),
      })
      // Kept last, inside the transaction: a keychain that refuses undoes the change.
      if (kept !== null) {
        await ctx.secrets.set(id, kept)
        keychain.wrote = true
      }
    })
  } catch (error) {
    // Only what this call wrote to the keychain is put back (review 79 F5), and only once the team's
    // check says the change did not land: the answer to a COMMIT that landed may be lost (review 79 F3).
    if (keychain.wrote) {
      const teams = await teamSenderChecks(ctx.pool).then(
        (all) => all.find((p) => p.id === id)?.check,
        () => undefined,
      )
      // The same secret given again keeps the same check: the change's own fields then tell (review 80 F2).
      const now =
        teams === check ? await teamProfileRecord(ctx.pool, id, { by: 'id' }).catch(() => null) : null
      if (
        now &&
        now.name === given.name &&
        now.baseUrl === given.baseUrl &&
        now.merchantId === given.merchantId &&
        now.environment === given.environment
      )
        return now
      if (teams !== undefined && before) await restoreKept(ctx.secrets, id, before).catch(() => undefined)
    }
    throw nameTaken(error, given.name)
  }
  return (await teamProfileRecord(ctx.pool, id, { by: 'id' })) as TeamProfileRecord
}

export interface TeamLimitsChange {
  /** Minor units; null removes the limit; absent leaves it. */
  perPayoutMinor?: number | null
  perDayMinor?: number | null
  timeZone?: string
}

/** The limits as the owner was shown them before she changed them. */
export type TeamLimitsShown = Required<TeamLimitsChange>

/**
 * Sets a team profile's limits (an owner's): what a payout, or a day's payouts in the profile's time
 * zone, may come to before they wait for an owner's approval. The team's limits have no passphrase: the
 * owner's login is the say-so, and the profile log keeps who changed them and from what. Refused, under
 * the profile's lock, when they are no longer what she was shown: a form opened before another owner
 * lowered a limit would otherwise raise it again unseen (review 81 F1), as an approval is refused when
 * what waits changed.
 */
export async function setTeamLimits(
  ctx: Pick<Ctx, 'pool'>,
  id: string,
  change: TeamLimitsChange,
  shown: TeamLimitsShown,
) {
  await ownersOnly(ctx.pool)
  if (change.timeZone !== undefined && !isTimeZone(change.timeZone))
    throw new AppError('INVALID_INPUT', { key: 'notTimeZone', params: { zone: change.timeZone } })
  await inTeamTransaction(ctx.pool, async (c) => {
    const now = await teamProfileRecord(c, id, { by: 'id', lock: true })
    if (!now) throw new AppError('NOT_FOUND', { key: 'profileGone' })
    if (
      now.perPayoutMinor !== shown.perPayoutMinor ||
      now.perDayMinor !== shown.perDayMinor ||
      now.timeZone !== shown.timeZone
    )
      throw new AppError('CONFLICT', { key: 'teamLimitsChangedSinceShown', params: { profile: now.name } })
    await updateTeamProfile(c, id, change)
  })
  return (await teamProfileRecord(ctx.pool, id, { by: 'id' })) as TeamProfileRecord
}
