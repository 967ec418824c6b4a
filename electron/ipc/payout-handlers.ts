import { decide } from '../actions/decide.ts'
import { PENDING_STATUSES } from '../../shared/domain/payout-status.ts'
import { startBatch } from '../actions/batches.ts'
import { cancelBatch } from '../actions/cancel.ts'
import { retryPayout } from '../actions/retry.ts'
import { AppError } from '../errors.ts'
import { getPayoutRow } from '../ledger/payouts-repo.ts'
import { readListenerSetting, saveListenerSetting } from '../ledger/settings-repo.ts'
import { idsWithStatus } from '../ledger/payout-store.ts'
import { makePayout } from '../actions/make-payout.ts'
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
  const { ledger: db, engine, poller, batches, reads } = services
  const sendInBackground = (id: string) => {
    const row = getPayoutRow(db, id)
    if (!row) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
    // engine.send is a no-op for a payout that is not queued any more (sent already by the first call).
    if (row.status === 'queued') void engine.send(id).catch((error: unknown) => log(`send ${id}`, error))
    return { id, reference: row.reference, status: row.status }
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
      made.sent.catch((error: unknown) => log(`send ${made.id}`, error))
      return { id: made.id, reference: made.reference, status: made.status }
    },

    listAttention: (input) => reads.listAttention(input?.profileId),
    resolveAttention: (decision) => decide(services, decision),
    retryPayout: async ({ id }) => sendInBackground((await retryPayout(services, id)).id),

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
    resumeBatch: ({ batchId }) => batches.resume(batchId) ?? notRunning(),
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
        throw new AppError(
          'INVALID_INPUT',
          `The callback listener could not start on ${setting.host}:${setting.port} (${(error as Error).message}). Choose another port.`,
        )
      }
    },
  }
}
