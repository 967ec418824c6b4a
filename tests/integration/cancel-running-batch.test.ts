import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBatch } from '../../electron/actions/batches.ts'
import { cancelBatch } from '../../electron/actions/cancel.ts'
import { batchState, createBatch } from '../../electron/ledger/batches-repo.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { listProfiles, seedBuiltinSandboxProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createBatchRunner } from '../../electron/payouts/batches.ts'
import { createClientResolver } from '../../electron/payouts/client-resolver.ts'
import { draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { builtinSandboxOf } from '../support/engine-harness.ts'
import { vexoraDraft } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * Review 2, finding 3 (actions: cancelBatch, startBatch). A run takes the batch's queued payouts once, at
 * its start. A payout whose send could not even begin (no gateway client: a locked keychain, the built-in
 * sandbox not up) goes back to the queue after it was taken. Cancel must cancel it too, and a cancelled
 * batch is never started again: otherwise the next Resume pays what the person cancelled.
 */
describe('Cancel on a batch being sent', { timeout: 60_000 }, () => {
  let tmp: ReturnType<typeof makeTempDir>
  let db: Ledger
  let sandbox: Sandbox
  beforeEach(async () => {
    tmp = makeTempDir()
    db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    seedBuiltinSandboxProfiles(db)
    sandbox = await startSandbox({ settleAfterMs: 50 })
  })
  afterEach(async () => {
    db.close()
    await sandbox.close()
    tmp.cleanup()
  })

  it('leaves no payout of the batch to be sent later', async () => {
    const profile = listProfiles(db).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no vexora profile')
    // The gateway client cannot be made at first (here: the built-in sandbox is not up yet).
    let up: Sandbox | null = null
    const secrets = createKeychainSecretStore(`Payout Desk review2 ${tmp.dir}`)
    const engine = createEngine({
      db,
      resolveClient: createClientResolver({
        secrets,
        builtinSandbox: () => (up ? builtinSandboxOf(up) : null),
        timeoutMs: 2_000,
      }),
      settleMs: 0,
    })
    const batchId = createBatch(db, profile.id, 'three.csv', 'f'.repeat(64))
    draftPayouts(
      db,
      profile.id,
      [1, 2, 3].map((n) => ({ ...vexoraDraft(n), batchId })),
    )
    let cancelled = false
    const runner = createBatchRunner({
      db,
      engine,
      ready: Promise.resolve(),
      concurrency: 1,
      onError: () => undefined,
      // The person sees the first payout fail to go out and presses Cancel on the batch.
      onProgress: (p) => {
        if (p.done === 1 && !cancelled) {
          cancelled = true
          cancelBatch({ ledger: db }, runner, batchId)
        }
      },
    })
    await runner.start(batchId)
    await runner.finished(batchId)
    expect(batchState(db, batchId)).toBe('cancelled')
    const statuses = db.prepare('SELECT status FROM payouts WHERE batch_id = ?').pluck().all(batchId)
    // Cancel means none of it is sent: nothing may wait in the queue under a cancelled batch.
    expect(statuses).toEqual(['cancelled', 'cancelled', 'cancelled'])
    // Once the gateway is reachable, the cancelled batch is not started again.
    up = sandbox
    await expect(startBatch({ ledger: db, secrets }, runner, batchId)).rejects.toThrow(/was cancelled/)
    await runner.finished(batchId)
    expect(sandbox.book.list()).toHaveLength(0)
  })

  it('a batch cancelled from another door while this one sends it stays cancelled', async () => {
    const profile = listProfiles(db).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no vexora profile')
    const engine = createEngine({
      db,
      resolveClient: createClientResolver({
        secrets: createKeychainSecretStore(`Payout Desk review2 ${tmp.dir}`),
        builtinSandbox: () => builtinSandboxOf(sandbox),
        timeoutMs: 2_000,
      }),
      settleMs: 0,
    })
    const batchId = createBatch(db, profile.id, 'three.csv', 'e'.repeat(64))
    draftPayouts(
      db,
      profile.id,
      [1, 2, 3].map((n) => ({ ...vexoraDraft(n), batchId })),
    )
    let cancelled = false
    const runner = createBatchRunner({
      db,
      engine,
      ready: Promise.resolve(),
      concurrency: 1,
      // `payout-desk cancel --batch` in another process: it has no runner of its own.
      onProgress: (p) => {
        if (p.done === 1 && !cancelled) {
          cancelled = true
          cancelBatch({ ledger: db }, null, batchId)
        }
      },
    })
    await runner.start(batchId)
    await runner.finished(batchId)
    expect(batchState(db, batchId)).toBe('cancelled')
    expect(sandbox.book.list()).toHaveLength(1)
  })
})
