import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idsWithStatus } from '../../electron/ledger/payout-store.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { startSending } from '../../electron/payouts/send-queue.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { engineOn, fieldsFor } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const PAYOUTS = 1_000
const TRIALS = 10
const WORKER = join(import.meta.dirname, '../fixtures/send-worker.ts')

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-crash-')

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 200 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

/** Runs the worker; with `killAfterMs`, SIGKILLs it then (mid-send, mid-commit, wherever it is). */
function runWorker(
  killAfterMs: number | null,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, tmp.dir, sandbox.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    let timer: NodeJS.Timeout | null = null
    if (killAfterMs !== null) {
      // Count from the moment it starts sending, so every trial interrupts real work.
      child.stdout.once('data', () => (timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)))
    }
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ code, signal, out })
    })
  })
}

describe('a sending process killed at random moments', () => {
  it(`never pays a payout twice, and after restart the ledger equals the gateway (${TRIALS} kills, ${PAYOUTS} payouts)`, async () => {
    const setup = engineOn(tmp.dir, sandbox)
    // Two batches, as an import writes them (single payouts left queued are sent by recovery itself).
    const batches = [setup.vexora, setup.bluepay].map((p) => createBatch(setup.db, p.id, 'crash.csv', null))
    for (let i = 0; i < PAYOUTS; i++) {
      const profile = i % 2 === 0 ? setup.vexora : setup.bluepay
      draftPayout(setup.db, {
        profileId: profile.id,
        amountMinor: 20_000 + i,
        fields: fieldsFor(profile, `${100000 + i}`, `Payee ${i}`),
        batchId: batches[i % 2] ?? null,
      })
    }
    setup.db.close()

    let killed = 0
    for (let trial = 0; trial < TRIALS; trial++) {
      const result = await runWorker(20 + Math.floor(Math.random() * 400))
      if (result.signal === 'SIGKILL') killed++
      else expect(result.out).toContain('done')
    }
    expect(killed).toBeGreaterThanOrEqual(TRIALS / 2)
    const last = await runWorker(null)
    expect(last.code, last.out).toBe(0)

    // Restart: recover (once the killed runs' leases have run out), then let every payout settle at the
    // gateway and read it back.
    const { db, engine } = engineOn(tmp.dir, sandbox)
    try {
      await eventually(async () => {
        await engine.recover()
        expect(idsWithStatus(db, ['submitting'])).toEqual([])
      }, 30_000)
      await eventually(async () => {
        for (const id of idsWithStatus(db, ['processing'])) await engine.refresh(id)
        expect(idsWithStatus(db, ['processing'])).toEqual([])
      }, 60_000)

      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const rows = db
        .prepare('SELECT provider, reference, status, amount_minor AS amount FROM payouts')
        .all() as { provider: 'vexora' | 'bluepay'; reference: string; status: string; amount: number }[]
      expect(rows).toHaveLength(PAYOUTS)
      const area = (p: string) => (p === 'vexora' ? 'id' : 'th')
      const inDoubt: string[] = []
      for (const row of rows) {
        const order = sandbox.book.get(row.provider, area(row.provider), row.reference)
        if (order) {
          // Paid exactly once, for the amount written, and the ledger says what the gateway says.
          expect(sandbox.book.createAttempts(row.provider, area(row.provider), row.reference)).toBe(1)
          expect(order.amountMinor).toBe(row.amount)
          const truth = {
            succeeded: 'succeeded',
            failed: 'failed',
            review: 'needs_review',
            pending: 'processing',
          }
          expect(row.status).toBe(truth[sandbox.book.phase(order)])
        } else {
          // Only Vexora, which cannot say "never received", may leave a payout in doubt, and honestly so.
          expect(row.provider).toBe('vexora')
          expect(row.status).toBe('unknown')
          inDoubt.push(row.reference)
        }
      }
      expect(sandbox.book.list()).toHaveLength(PAYOUTS - inDoubt.length)
      expect(sandbox.book.list().every((o) => rows.some((r) => r.reference === o.reference))).toBe(true)
    } finally {
      db.close()
    }
  }, 180_000)
})

describe('send queue', () => {
  it('pauses, resumes and cancels without touching what already left', async () => {
    const dir = makeTempDir()
    const { db, engine, vexora } = engineOn(dir.dir, sandbox)
    try {
      const ids = Array.from({ length: 40 }, (_, i) =>
        draftPayout(db, { profileId: vexora.id, amountMinor: 30_000 + i, fields: fieldsFor(vexora) }),
      )
      const seen: number[] = []
      const run = startSending(ids, {
        db,
        engine,
        concurrency: 2,
        perProfilePerSecond: 50,
        onProgress: (p) => seen.push(p.done),
      })
      await eventually(() => run.progress().done >= 5)
      run.pause()
      await eventually(() => run.progress().inFlight === 0)
      const atPause = run.progress().done
      await new Promise((r) => setTimeout(r, 150))
      expect(run.progress().done).toBe(atPause)
      run.resume()
      await eventually(() => run.progress().done >= atPause + 5)
      run.cancel()
      const result = await run.done
      expect(result.done).toBe(40)
      const sent = result.byStatus.processing ?? 0
      expect(sent + (result.byStatus.cancelled ?? 0)).toBe(40)
      expect(sent).toBeGreaterThanOrEqual(atPause + 5)
      expect(idsWithStatus(db, ['cancelled'])).toHaveLength(40 - sent)
      // Exactly the payouts marked sent reached the gateway.
      const reached = ids.filter((id) => {
        const ref = db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
        return sandbox.book.get('vexora', 'id', ref) !== undefined
      })
      expect(reached).toHaveLength(sent)
      expect(seen.at(-1)).toBe(40)
    } finally {
      db.close()
      dir.cleanup()
    }
  })
})
