import type { z } from 'zod'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { ProfileShown, ProfileView, SaveProfileInput } from '../../shared/ipc/profiles-contract.ts'
import { payoutShape } from '../../shared/providers/payout-shape.ts'
import { AppError } from '../errors.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import {
  addressAsSaved,
  deleteProfile,
  getProfile,
  insertProfile,
  isBuiltinSandbox,
  listProfiles,
  payoutCount,
  updateProfile,
  type ProfileRecord,
} from '../ledger/profiles-repo.ts'
import { cachedBalance, refreshBalance } from '../payouts/balances.ts'
import { generateMerchantKeyPair, parsePrivateKey, parsePublicKey } from '../providers/bluepay/sign.ts'
import type { ActionContext } from './context.ts'

/**
 * Profiles, their secrets (stored, replaced, deleted; never returned) and their balances, from any door:
 * the window's Settings and the command line's profile add, edit and remove call these, and only translate.
 */
type Ctx = Pick<ActionContext, 'ledger' | 'secrets'>

function view(db: Ledger, p: ProfileRecord): ProfileView {
  const builtin = isBuiltinSandbox(p)
  return {
    id: p.id,
    name: p.name,
    provider: p.provider,
    area: p.area,
    environment: p.environment,
    builtin,
    baseUrl: builtin ? null : p.baseUrl,
    merchantId: p.merchantId,
    notifyUrl: p.notifyUrl,
    hasGatewayPublicKey: builtin || Boolean(p.gatewayPublicKey),
    balance: cachedBalance(db, p.id),
  }
}

function editable(db: Ledger, profileId: string): ProfileRecord {
  const profile = getProfile(db, profileId)
  if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGone' })
  if (isBuiltinSandbox(profile)) {
    throw new AppError('INVALID_INPUT', { key: 'builtinSandboxFixed' })
  }
  return profile
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE'

/**
 * Refused (nothing changed) when a profile's name or gateway account is no longer what the form that
 * changes it showed: another person moved or renamed it since (review 84 F1).
 */
export function assertAsShown(
  now: Omit<ProfileShown, 'baseUrl' | 'notifyUrl'> & { baseUrl: string | null; notifyUrl?: string | null },
  shown: ProfileShown,
): void {
  if (
    now.name !== shown.name ||
    now.area !== shown.area ||
    now.environment !== shown.environment ||
    (now.baseUrl ?? '') !== shown.baseUrl ||
    now.merchantId !== shown.merchantId ||
    (now.notifyUrl ?? null) !== shown.notifyUrl
  )
    throw new AppError('CONFLICT', { key: 'profileChangedSinceShown', params: { profile: now.name } })
}

/** A BluePay "secret" is a private key: one that cannot sign is refused before it replaces a good one. */
export function checkedSecret(provider: ProviderId, secret: string): string {
  if (provider !== 'bluepay') return secret
  parsePrivateKey(secret)
  return secret.trim()
}

/** The profile change and its new secret land together: if the keychain refuses, the change is undone. */
async function storeOrUndo(ctx: Ctx, profileId: string, secret: string, undo: () => void) {
  try {
    await ctx.secrets.set(profileId, secret)
  } catch (error) {
    undo()
    throw error
  }
}

export const profileViews = (ctx: Pick<Ctx, 'ledger'>): ProfileView[] =>
  listProfiles(ctx.ledger).map((p) => view(ctx.ledger, p))

/**
 * Adds or changes a profile, with its secret if given: its gateway and area are fixed once it has
 * payouts, its address keeps the spelling the ledger knows, and a move to another account asks for the
 * secret again.
 */
export async function saveProfile(ctx: Ctx, input: z.output<typeof SaveProfileInput>): Promise<ProfileView> {
  const { ledger: db, secrets } = ctx
  if (!payoutShape(input.provider, input.area)) {
    throw new AppError('INVALID_INPUT', {
      key: 'areaUnsupported',
      params: { gateway: input.provider, area: input.area },
    })
  }
  if (input.gatewayPublicKey) parsePublicKey(input.gatewayPublicKey)
  const { id, secret: rawSecret, shown, ...given } = input
  const fields = { ...given, baseUrl: addressAsSaved(db, given.baseUrl, id) }
  const secret = rawSecret === undefined ? null : checkedSecret(input.provider, rawSecret)
  try {
    if (!id) {
      const added = insertProfile(db, fields)
      if (secret !== null) await storeOrUndo(ctx, added.id, secret, () => deleteProfile(db, added.id))
      return view(db, added)
    }
    const before = editable(db, id)
    // An edit that gives no gateway key keeps the one stored (the window's field says so); a new one replaces it.
    const record: ProfileRecord = {
      ...fields,
      // An empty one (an empty key file) keeps it too: removing a gateway's key is not an edit's to do.
      gatewayPublicKey: fields.gatewayPublicKey || before.gatewayPublicKey || null,
      id,
    }
    if ((before.provider !== input.provider || before.area !== input.area) && payoutCount(db, id) > 0) {
      throw new AppError('INVALID_INPUT', { key: 'profileGatewayFixed' })
    }
    const movesAccount =
      before.baseUrl !== record.baseUrl ||
      before.merchantId !== record.merchantId ||
      before.environment !== record.environment
    if (movesAccount && secret === null && (await secrets.status(id)).stored) {
      throw new AppError('INVALID_INPUT', { key: 'profileNeedsSecretAgain' })
    }
    // Judged where it is written (one synchronous transaction): a change landing while the keychain was
    // asked above is seen (review 86 F3).
    db.transaction(() => {
      if (shown) assertAsShown(editable(db, id), shown)
      updateProfile(db, record)
    })()
    if (secret !== null) await storeOrUndo(ctx, id, secret, () => updateProfile(db, before))
    return view(db, record)
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('INVALID_INPUT', { key: 'profileNameTaken', params: { name: input.name } })
    throw error
  }
}

/** Removes a profile that never paid anything, and its secret. */
export async function removeProfile(ctx: Ctx, profileId: string): Promise<{ removed: true }> {
  const profile = getProfile(ctx.ledger, profileId)
  if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGone' })
  const count = payoutCount(ctx.ledger, profileId)
  if (count > 0) {
    throw new AppError('INVALID_INPUT', { key: 'profileHasPayouts', params: { count } })
  }
  if (!isBuiltinSandbox(profile)) await ctx.secrets.delete(profileId)
  deleteProfile(ctx.ledger, profileId)
  return { removed: true as const }
}

export const profileSecretStatus = (ctx: Ctx, profileId: string) =>
  ctx.secrets.status(editable(ctx.ledger, profileId).id)

export function setProfileSecret(ctx: Ctx, profileId: string, secret: string) {
  const profile = editable(ctx.ledger, profileId)
  return ctx.secrets.set(profileId, checkedSecret(profile.provider, secret))
}

export async function deleteProfileSecret(ctx: Ctx, profileId: string) {
  await ctx.secrets.delete(editable(ctx.ledger, profileId).id)
  return { stored: false, fingerprint: null }
}

/** A BluePay key pair made here: its private half goes to the keychain, its public half to the person. */
export async function generateBluePayKey(ctx: Ctx, profileId: string) {
  const profile = editable(ctx.ledger, profileId)
  if (profile.provider !== 'bluepay') throw new AppError('INVALID_INPUT', { key: 'keyPairBluePayOnly' })
  const pair = await generateMerchantKeyPair()
  return {
    publicKeyBase64: pair.publicKeyBase64,
    secret: await ctx.secrets.set(profileId, pair.privateKeyPem),
  }
}

export async function profileBalance(
  ctx: Pick<ActionContext, 'ledger' | 'resolveClient'>,
  profileId: string,
  refresh: boolean,
) {
  if (!getProfile(ctx.ledger, profileId)) throw new AppError('NOT_FOUND', { key: 'profileGone' })
  if (!refresh) return { balance: cachedBalance(ctx.ledger, profileId), problem: null }
  return refreshBalance(ctx.ledger, ctx.resolveClient, profileId)
}
