import { decide } from '../actions/decide.ts'
import { PENDING_STATUSES } from '../../shared/domain/payout-status.ts'
import { resumeBatch, startBatch } from '../actions/batches.ts'
import { cancelBatch } from '../actions/cancel.ts'
import { retryPayout } from '../actions/retry.ts'
import { AppError } from '../errors.ts'
import { getPayoutRow } from '../ledger/payouts-repo.ts'
import { readListenerSetting, saveListenerSetting } from '../ledger/settings-repo.ts'
import { idsWithStatus } from '../ledger/payout-store.ts'
import { makePayout, type MadePayout } from '../actions/make-payout.ts'
import type { Services } from '../services/create-services.ts'
import type { Handlers } from './dispatch.ts'

type PayoutHandlers = Pick<
  Handlers,
  | 'listPayouts'
  | 'getPayout'
  | 'createPayout'
  | 'refreshPayouts'
  | 'getConnectivity'
  | 'startBatch'
  | 'pauseBatch'
  | 'resumeBatch'
  | 'cancelBatch'
  | 'getCallbackListener'
  | 'setCallbackListener'
  | 'listAttention'
  | 'resolveAttention'
  | 'retryPayout'
>

function notRunning(): never {
  throw new AppError('NOT_FOUND', { key: 'batchNotRunning' })
}

export function payoutHandlers(
  services: Services,
  log: (where: string, error: unknown) => void,
): PayoutHandlers {
  const { ledger: db, poller, batches, reads } = services
  /** The door waits for the write, not for the gateway: a send's outcome reaches the window as it changes. */
  const inBackground = ({ id, reference, status, sent }: Omit<MadePayout, 'existing'>) => {
    sent.catch((error: unknown) => log(`send ${id}`, error))
    return { id, reference, status }
  }
  return {
    listPayouts: (query) => reads.listPayouts(query),
    getPayout: ({ id }) => {
      const row = getPayoutRow(db, id)
      if (!row) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
      return row
    },

    /** The person confirmed: the make-a-payout action writes it ahead and sends it in the background. */
    createPayout: async ({
      profileId,
      amount,
      fields,
      idempotencyKey,
      acceptAccountChange,
      acceptRepeat,
    }) => {
      const made = await makePayout(services, {
        profileId,
        amount,
        fields,
        idempotencyKey,
        ...(acceptAccountChange ? { acceptedChange: acceptAccountChange } : {}),
        ...(acceptRepeat ? { acceptRepeat } : {}),
      })
      return inBackground(made)
    },

    listAttention: (input) => reads.listAttention(input?.profileId),
    resolveAttention: (decision) => decide(services, decision),
    retryPayout: async ({ id }) => inBackground(await retryPayout(services, id)),

    refreshPayouts: async (input) => {
      const results =
        'ids' in input
          ? await poller.refreshNow(input.ids)
          : 'batchId' in input
            ? await poller.refreshNow(idsWithStatus(db, PENDING_STATUSES, input.batchId))
            : await poller.refreshAllPending()
      return {
        checked: results.length,
        unanswered: results.filter((r) => r === null || r.kind === 'inconclusive').length,
      }
    },

    getConnectivity: () => poller.status(),

    startBatch: ({ batchId }) => startBatch(services, batches, batchId),
    pauseBatch: ({ batchId }) => batches.pause(batchId) ?? notRunning(),
    resumeBatch: async ({ batchId }) => (await resumeBatch(services, batches, batchId)) ?? notRunning(),
    cancelBatch: ({ batchId }) => cancelBatch(services, batches, batchId).progress,

    getCallbackListener: () => ({
      enabled: services.listener() !== null,
      url: services.listener()?.url ?? null,
      behindProxy: readListenerSetting(db).behindProxy,
    }),
    setCallbackListener: async (setting) => {
      try {
        const url = await services.setListener(setting)
        saveListenerSetting(db, setting)
        return { enabled: url !== null, url, behindProxy: setting.behindProxy }
      } catch (error) {
        if (error instanceof AppError) throw error
        // The system's code (EADDRINUSE, EACCES) says why in any language; its message is English.
        const detail = (error as NodeJS.ErrnoException).code ?? 'error'
        throw new AppError('INVALID_INPUT', {
          key: 'listenerCannotStart',
          params: { host: setting.host, port: setting.port, detail },
        })
      }
    },
  }
}
