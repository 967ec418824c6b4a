import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { type BatchProgress } from '../../electron/payouts/batches.ts'
import { createBatch, interruptedBatches } from '../../electron/ledger/batches-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { eventually } from '../support/eventually.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
let progress: BatchProgress[]
let finished: BatchProgress[]

async function start(dir: string) {
  progress = []
  finished = []
  services = await createServices({
    appVersion: 't',
    dataDir: dir,
    sandbox: { settleAfterMs: 150 },
    poll: false,
    hooks: { onBatchProgress: (p) => progress.push(p), onBatchFinished: (p) => finished.push(p) },
  })
  handlers = createHandlers(services, () => undefined)
}

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const result = (await dispatch(handlers, channel, input, () => undefined)) as IpcResult<T>
  if (!result.ok) throw new Error(result.message)
  return result.value
}

function batchOf(count: number, profileName = 'Vexora sandbox (Indonesia)') {
  const profile = listProfiles(services.ledger).find((p) => p.name === profileName)
  if (!profile) throw new Error('no profile')
  const batchId = createBatch(services.ledger, profile.id, 'july.csv', null)
  const ids = Array.from({ length: count }, (_, i) =>
    draftPayout(services.ledger, {
      profileId: profile.id,
      amountMinor: 10_000 + i,
      fields: idrFields(),
      batchId,
    }),
  )
  return { batchId, ids }
}

const statuses = (batchId: string) =>
  services.ledger
    .prepare('SELECT status FROM payouts WHERE batch_id = ? ORDER BY created_at')
    .pluck()
    .all(batchId)

beforeEach(async () => {
  tmp = makeTempDir()
  await start(tmp.dir)
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

describe('batches over IPC', () => {
  it('send with progress events, end with one finished report, and refresh as a batch', async () => {
    const { batchId } = batchOf(12)
    expect(await call('startBatch', { batchId })).toMatchObject({ batchId, total: 12, state: 'sending' })
    await eventually(() => expect(finished).toHaveLength(1))
    expect(finished[0]).toMatchObject({
      batchId,
      state: 'done',
      total: 12,
      done: 12,
      byStatus: { processing: 12 },
    })
    expect(progress.map((p) => p.done)).toContain(12)
    expect(services.ledger.prepare('SELECT state FROM batches WHERE id = ?').pluck().get(batchId)).toBe(
      'done',
    )
    await eventually(async () => {
      expect(await call('refreshPayouts', { batchId })).toMatchObject({ unanswered: 0 })
      expect(new Set(statuses(batchId))).toEqual(new Set(['succeeded']))
    })
  })

  it('pause, resume and cancel from the window; cancel never touches what was sent', async () => {
    const { batchId } = batchOf(60)
    await call('startBatch', { batchId })
    await eventually(() => expect(progress.some((p) => p.done >= 3)).toBe(true))
    expect(await call('pauseBatch', { batchId })).toMatchObject({ state: 'paused' })
    // What the owner's limits hold since the pause is not sent by resuming: the start's rule holds.
    const queued = services.ledger
      .prepare("SELECT id FROM payouts WHERE batch_id = ? AND status = 'queued' LIMIT 1")
      .pluck()
      .get(batchId) as string
    services.ledger
      .prepare("UPDATE payouts SET status = 'draft', held_for = 'per_day' WHERE id = ?")
      .run(queued)
    await expect(call('resumeBatch', { batchId })).rejects.toThrow(/went over a release limit/)
    services.ledger.prepare("UPDATE payouts SET status = 'queued', held_for = NULL WHERE id = ?").run(queued)
    expect(await call('resumeBatch', { batchId })).toMatchObject({ state: 'sending' })
    expect(await call('cancelBatch', { batchId })).toMatchObject({ batchId })
    await eventually(() => expect(finished).toHaveLength(1))
    const report = finished[0] as BatchProgress
    expect(report.state).toBe('cancelled')
    const rows = statuses(batchId)
    expect(rows.filter((s) => s === 'cancelled')).toHaveLength(report.byStatus.cancelled ?? -1)
    expect(rows.filter((s) => s !== 'cancelled').every((s) => s === 'processing')).toBe(true)
    await expect(call('pauseBatch', { batchId })).rejects.toThrow(/not being sent/)
  })

  it('finds a batch a crash interrupted and sends only what was still queued', async () => {
    const { batchId, ids } = batchOf(6)
    // As a crash leaves it: marked sending, two payouts already through.
    services.ledger.prepare("UPDATE batches SET state = 'sending' WHERE id = ?").run(batchId)
    await services.engine.send(ids[0] as string)
    await services.engine.send(ids[1] as string)
    await services.close()
    await start(tmp.dir)
    expect(interruptedBatches(services.ledger)).toEqual([batchId])
    expect(await call('startBatch', { batchId })).toMatchObject({ total: 4 })
    await eventually(() => expect(finished).toHaveLength(1))
    expect(statuses(batchId)).toEqual(Array(6).fill('processing'))
    expect(interruptedBatches(services.ledger)).toEqual([])
  })
})

describe('callback listener setting', () => {
  it('is switched on from the window, survives a restart, and can be switched off', async () => {
    expect(await call('getCallbackListener')).toEqual({ enabled: false, url: null, behindProxy: false })
    const on = await call<{ enabled: boolean; url: string }>('setCallbackListener', { enabled: true })
    expect(on.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callbacks$/)
    await services.close()
    await start(tmp.dir)
    expect(await call('getCallbackListener')).toMatchObject({ enabled: true })
    expect(await call('setCallbackListener', { enabled: false })).toEqual({
      enabled: false,
      url: null,
      behindProxy: false,
    })
    await expect(call('setCallbackListener', { enabled: true, host: '8.8.8.8' })).rejects.toThrow(
      /reverse proxy or tunnel/,
    )
  })
})
