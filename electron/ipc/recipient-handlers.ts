import { parseAmount } from '../../shared/money.ts'
import { AppError } from '../errors.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import { resolveProfile } from '../payouts/draft-payout.ts'
import { releaseHeld, cancelHeld } from '../payouts/release.ts'
import { listAwaitingRelease, readLimits, setLimits } from '../payouts/release-limits.ts'
import {
  getRecipient,
  listRecipients,
  matchRecipient,
  updateRecipient,
} from '../recipients/recipients-repo.ts'
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
  throw new AppError('NOT_FOUND', 'That recipient is not in the directory.')
}

/** An amount limit as typed; empty removes it. */
function limitOf(text: string, currency: Parameters<typeof parseAmount>[1], what: string): number | null {
  if (text === '') return null
  const parsed = parseAmount(text, currency)
  if (!parsed.ok)
    throw new AppError(
      'INVALID_INPUT',
      `The ${what} limit is not an amount in ${currency}; write it like 5,000,000.`,
    )
  return parsed.minor
}

/** The release-limits view of a profile; never the passphrase or its hash, only whether one is set. */
function limitsView(services: Services, profileId: string) {
  const { shape } = resolveProfile(services.ledger, profileId)
  const limits = readLimits(services.ledger, profileId)
  return {
    profileId,
    currency: shape.currency,
    perPayoutMinor: limits?.per_payout ?? null,
    perDayMinor: limits?.per_day ?? null,
    hasPassphrase: Boolean(limits?.passphrase_hash),
  }
}

export function recipientHandlers(
  services: Services,
  log: (where: string, error: unknown) => void,
): RecipientHandlers {
  const { ledger: db } = services
  return {
    listRecipients: (query) => listRecipients(db, query ?? {}),
    getRecipient: ({ id }) => getRecipient(db, id) ?? missing(),
    saveRecipient: ({ id, ...edit }) => updateRecipient(db, { id, ...edit }) ?? missing(),
    archiveRecipient: ({ id, archived }) => updateRecipient(db, { id, archived }) ?? missing(),
    checkRecipient: ({ profileId, fields }) => {
      const { shape } = resolveProfile(db, profileId)
      return matchRecipient(db, profileId, shape, fields)
    },

    getReleaseLimits: ({ profileId }) => limitsView(services, profileId),
    setReleaseLimits: async ({ profileId, perPayout, perDay, currentPassphrase, newPassphrase }) => {
      const { shape } = resolveProfile(db, profileId)
      await setLimits(db, profileId, {
        perPayout: limitOf(perPayout, shape.currency, 'per-payout'),
        perDay: limitOf(perDay, shape.currency, 'per-day'),
        ...(currentPassphrase ? { current: currentPassphrase } : {}),
        ...(newPassphrase ? { next: newPassphrase } : {}),
      })
      return limitsView(services, profileId)
    },
    listAwaitingRelease: () => listAwaitingRelease(db),
    releasePayouts: async (request) => {
      if (!getProfile(db, request.profileId)) throw new AppError('NOT_FOUND', { key: 'profileGone' })
      await services.ready
      const released = await releaseHeld(db, request)
      // Released payouts leave as any other: a batch through its run, single ones one by one.
      if ('batchId' in request.held)
        void services.batches.start(request.held.batchId).catch((e: unknown) => log('release', e))
      else
        for (const id of released.ids)
          void services.engine.send(id).catch((e: unknown) => log(`send ${id}`, e))
      return { released: released.released, totalMinor: released.totalMinor }
    },
    cancelAwaitingRelease: ({ profileId, held }) => ({ cancelled: cancelHeld(db, profileId, held) }),
  }
}
