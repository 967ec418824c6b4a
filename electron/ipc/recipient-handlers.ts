import { limitOf } from './limit-input.ts'
import { AppError } from '../errors.ts'
import { limitsView, releaseHeld, setLimits } from '../actions/release.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import { cancelHeldPayouts } from '../actions/cancel.ts'
import { listAwaitingRelease } from '../payouts/release-limits.ts'
import { getRecipient, updateRecipient } from '../ledger/recipients-repo.ts'
import { matchRecipient } from '../recipients/payee-rule.ts'
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'

type RecipientHandlers = Pick<
  Handlers,
  | 'listRecipients'
  | 'getRecipient'
  | 'saveRecipient'
  | 'archiveRecipient'
  | 'checkRecipient'
  | 'getReleaseLimits'
  | 'setReleaseLimits'
  | 'listAwaitingRelease'
  | 'releasePayouts'
  | 'cancelAwaitingRelease'
>

const missing = (): never => {
  throw new AppError('NOT_FOUND', { key: 'recipientNotFound' })
}

export function recipientHandlers(
  services: Services,
  log: (where: string, error: unknown) => void,
): RecipientHandlers {
  const { ledger: db } = services
  return {
    listRecipients: (query) => services.reads.listRecipients(query ?? {}),
    getRecipient: ({ id }) => getRecipient(db, id) ?? missing(),
    saveRecipient: ({ id, ...edit }) => updateRecipient(db, { id, ...edit }) ?? missing(),
    archiveRecipient: ({ id, archived }) => updateRecipient(db, { id, archived }) ?? missing(),
    checkRecipient: ({ profileId, fields }) => {
      const { shape } = resolveProfile(db, profileId)
      return matchRecipient(db, profileId, shape, fields)
    },

    getReleaseLimits: ({ profileId }) => limitsView(services, profileId),
    setReleaseLimits: ({ profileId, perPayout, perDay, currentPassphrase, newPassphrase, timeZone }) => {
      const { shape } = resolveProfile(db, profileId)
      return setLimits(services, profileId, {
        perPayout: limitOf(perPayout, shape.currency, 'per-payout'),
        perDay: limitOf(perDay, shape.currency, 'per-day'),
        ...(timeZone ? { timeZone } : {}),
        ...(currentPassphrase ? { current: currentPassphrase } : {}),
        ...(newPassphrase ? { next: newPassphrase } : {}),
      })
    },
    listAwaitingRelease: () => listAwaitingRelease(db),
    releasePayouts: async (request) => {
      const { released, totalMinor, sending } = await releaseHeld(services, request)
      void sending.catch((e: unknown) => log('release', e))
      return { released, totalMinor }
    },
    cancelAwaitingRelease: ({ profileId, held }) => cancelHeldPayouts(services, profileId, held),
  }
}
