// Quitting while payouts are sent (services.close; the batch runner's stopAll, the send queue's halt, the
// engine's refusal once closing begins): what is in flight finishes and is written, nothing else leaves
// after close() begins (not even a batch started as it begins), no promise is left to reject on a closed
// ledger, nobody is told "sent" of a batch still queued, and the rest is sent exactly once at the next start.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import type { BatchProgress } from '../../electron/payouts/batches.ts'
import { openWindow, worldPerTest } from '../support/doors.ts'
import { eventually } from '../support/eventually.ts'

const world = worldPerTest()
const rejections: unknown[] = []
const onRejection = (reason: unknown) => rejections.push(reason)

beforeEach(() => {
  rejections.length = 0
  process.on('unhandledRejection', onRejection)
})
afterEach(() => {
  process.off('unhandledRejection', onRejection)
})

const ROWS = 40
const rows = Array.from(
  { length: ROWS },
  (_, i) =>
    `Person ${i},00${String(2_000_000 + i)},0002,0812${String(20_000_000 + i)},p${i}@example.com,${50_000 + i}`,
)

/** The app's services on the world's folder, as a start of the app opens them. */
const open = (finished: BatchProgress[] = []) =>
  openWindow(world(), { hooks: { onBatchFinished: (p) => finished.push(p) } })

/** The app opened, and a confirmed 40-row payroll batch in it, not started yet. */
async function payroll(finished: BatchProgress[] = []) {
  const { services, files, call, profileId: profileOf } = await open(finished)
  const profileId = profileOf()
  files.next = {
    name: 'payroll.csv',
    bytes: Buffer.from(`name,account number,bank code,mobile,email,amount\n${rows.join('\n')}\n`),
  }
  const view = await call('openImportFile', { profileId })
  if (!view) throw new Error('no review')
  const { batchId } = await call('confirmImport', { importId: view.importId })
  return { services, call, batchId }
}

/** The batch's payouts by status, and its state, read from the ledger file after closing. */
function ledgerOf(batchId: string) {
  const db = openLedger(join(world().dataDir, 'ledger.sqlite3'))
  try {
    const statuses = Object.fromEntries(
      (
        db
          .prepare('SELECT status, count(*) AS n FROM payouts WHERE batch_id = ? GROUP BY status')
          .all(batchId) as { status: string; n: number }[]
      ).map((r) => [r.status, r.n]),
    )
    return { statuses, state: db.prepare('SELECT state FROM batches WHERE id = ?').pluck().get(batchId) }
  } finally {
    db.close()
  }
}

describe('quitting while a batch is being sent', () => {
  it('leaves the rest queued and the batch interrupted, tells nobody "sent", and resumes exactly once', async () => {
    const finished: BatchProgress[] = []
    const first = await payroll(finished)
    await first.call('startBatch', { batchId: first.batchId })
    // Quit while the run is well under way: four payouts out, the others waiting their turn (the pace).
    await eventually(() => expect(world().sandbox.book.list().length).toBeGreaterThanOrEqual(4))
    await first.services.close()
    const atClose = world().sandbox.book.list().length
    expect(atClose).toBeLessThan(ROWS)
    // A moment later nothing more has left, and nothing rejected on the closed ledger.
    await new Promise((r) => setTimeout(r, 1_500))
    expect(world().sandbox.book.list().length).toBe(atClose)
    expect(rejections).toEqual([])
    // A run stopped by quitting has not finished: no "Batch sent" for a payroll still queued.
    expect(finished).toEqual([])
    const { statuses, state } = ledgerOf(first.batchId)
    expect(state).toBe('interrupted')
    expect(statuses.cancelled).toBeUndefined()
    expect(statuses.queued).toBe(ROWS - atClose)

    // The next start finishes it: every payout reaches the gateway exactly once.
    const second = await open()
    try {
      await second.call('startBatch', { batchId: first.batchId })
      await eventually(() => expect(world().sandbox.book.list().length).toBe(ROWS), 60_000)
      const accounts = world()
        .sandbox.book.list()
        .map((o) => o.fields.bankAccountNo)
      expect(new Set(accounts).size).toBe(ROWS)
    } finally {
      await second.services.close()
    }
    expect(rejections).toEqual([])
  }, 120_000)

  it('starts nothing asked for once close() has begun (a Send, a Resume or a release arriving then)', async () => {
    const { services, batchId } = await payroll()
    // The Send arrives just as quitting has stopped the runs.
    const stopAll = services.batches.stopAll.bind(services.batches)
    let late: Promise<unknown> = Promise.resolve()
    services.batches.stopAll = async () => {
      await stopAll()
      late = services.batches.start(batchId).catch((e: unknown) => e)
    }
    await services.close()
    expect(await late).toMatchObject({ text: { key: 'appClosing' } })
    await new Promise((r) => setTimeout(r, 1_500))
    expect(world().sandbox.book.list()).toHaveLength(0)
    expect(ledgerOf(batchId).statuses).toEqual({ queued: ROWS })
    expect(rejections).toEqual([])
  }, 60_000)
})
