import type { ProviderId } from '../../shared/domain/providers.ts'
import type { ProfileView } from '../../shared/ipc/profiles-contract.ts'
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
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'

type ProfileHandlers = Pick<
  Handlers,
  | 'listProfiles'
  | 'saveProfile'
  | 'removeProfile'
  | 'getSecretStatus'
  | 'setSecret'
  | 'deleteSecret'
  | 'generateBluePayKey'
  | 'getBalance'
>

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

/** A BluePay "secret" is a private key: one that cannot sign is refused before it replaces a good one. */
function checkedSecret(provider: ProviderId, secret: string): string {
  if (provider !== 'bluepay') return secret
  parsePrivateKey(secret)
  return secret.trim()
}

/** Profiles, their secrets (stored, replaced, deleted; never returned) and their balances. */
export function profileHandlers(services: Services): ProfileHandlers {
  const { ledger: db, secrets } = services
  /** The profile change and its new secret land together: if the keychain refuses, the change is undone. */
  const storeOrUndo = async (profileId: string, secret: string, undo: () => void) => {
    try {
      await secrets.set(profileId, secret)
    } catch (error) {
      undo()
      throw error
    }
  }
  return {
    listProfiles: () => listProfiles(db).map((p) => view(db, p)),

    saveProfile: async (input) => {
      if (!payoutShape(input.provider, input.area)) {
        throw new AppError('INVALID_INPUT', {
          key: 'areaUnsupported',
          params: { gateway: input.provider, area: input.area },
        })
      }
      if (input.gatewayPublicKey) parsePublicKey(input.gatewayPublicKey)
      const { id, secret: rawSecret, ...given } = input
      const fields = { ...given, baseUrl: addressAsSaved(db, given.baseUrl, id) }
      const secret = rawSecret === undefined ? null : checkedSecret(input.provider, rawSecret)
      try {
        if (!id) {
          const added = insertProfile(db, fields)
          if (secret !== null) await storeOrUndo(added.id, secret, () => deleteProfile(db, added.id))
          return view(db, added)
        }
        const before = editable(db, id)
        const record: ProfileRecord = { ...fields, id }
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
        updateProfile(db, record)
        if (secret !== null) await storeOrUndo(id, secret, () => updateProfile(db, before))
        return view(db, record)
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError('INVALID_INPUT', { key: 'profileNameTaken', params: { name: input.name } })
        throw error
      }
    },

    removeProfile: async ({ profileId }) => {
      const profile = getProfile(db, profileId)
      if (!profile) throw new AppError('NOT_FOUND', { key: 'profileGone' })
      const count = payoutCount(db, profileId)
      if (count > 0) {
        throw new AppError('INVALID_INPUT', { key: 'profileHasPayouts', params: { count } })
      }
      if (!isBuiltinSandbox(profile)) await secrets.delete(profileId)
      deleteProfile(db, profileId)
      return { removed: true as const }
    },

    getSecretStatus: ({ profileId }) => secrets.status(editable(db, profileId).id),

    setSecret: ({ profileId, secret }) => {
      const profile = editable(db, profileId)
      return secrets.set(profileId, checkedSecret(profile.provider, secret))
    },

    deleteSecret: async ({ profileId }) => {
      await secrets.delete(editable(db, profileId).id)
      return { stored: false, fingerprint: null }
    },

    generateBluePayKey: async ({ profileId }) => {
      const profile = editable(db, profileId)
      if (profile.provider !== 'bluepay') throw new AppError('INVALID_INPUT', { key: 'keyPairBluePayOnly' })
      const pair = await generateMerchantKeyPair()
      return {
        publicKeyBase64: pair.publicKeyBase64,
        secret: await secrets.set(profileId, pair.privateKeyPem),
      }
    },

    getBalance: async ({ profileId, refresh }) => {
      if (!getProfile(db, profileId)) throw new AppError('NOT_FOUND', { key: 'profileGone' })
      if (!refresh) return { balance: cachedBalance(db, profileId), problem: null }
      return refreshBalance(db, services.resolveClient, profileId)
    },
  }
}
