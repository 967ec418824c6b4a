import { AppError } from '../errors.ts'
import { batchSummary } from '../ledger/history-repo.ts'
import { retryBatch } from '../actions/retry.ts'
import type { Services } from '../services/create-services.ts'
import { deskDashboard } from '../actions/dashboard.ts'
import type { Handlers } from './dispatch.ts'

type HistoryHandlers = Pick<
  Handlers,
  'getPayoutDetail' | 'exportPayouts' | 'listBatches' | 'getBatch' | 'retryFailedPayouts' | 'getDashboard'
>

const stamp = (now: Date) => now.toISOString().slice(0, 16).replace(/\D/g, '')

export function historyHandlers(services: Services): HistoryHandlers {
  // The heavy reads go to the read worker (services.reads): the window's main thread never runs them.
  const { ledger: db, files, reads } = services
  return {
    getPayoutDetail: async ({ id }) => {
      const detail = await reads.payoutDetail(id)
      if (!detail) throw new AppError('NOT_FOUND', { key: 'payoutNotFound' })
      return detail
    },
    /** The filtered view, whole, to a CSV the person chooses where to save. */
    exportPayouts: async (filter) => {
      const { bytes, count } = await reads.payoutsCsvBytes(filter)
      const csv = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      const savedTo = await files.saveFile(`payouts-${stamp(new Date())}.csv`, csv)
      return { savedTo, count }
    },
    listBatches: () => reads.recentBatches(),
    getBatch: ({ batchId }) => {
      const batch = batchSummary(db, batchId)
      if (!batch) throw new AppError('NOT_FOUND', { key: 'batchNotFound' })
      return batch
    },
    retryFailedPayouts: ({ batchId }) => retryBatch(services, batchId),
    getDashboard: ({ dayStarts, weekStart }) => deskDashboard(reads, dayStarts, weekStart),
  }
}
