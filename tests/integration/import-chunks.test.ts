import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  abandonStaleImports,
  commitImportInChunks,
  STALE_IMPORT_MS,
} from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport, type StagedImport } from '../../electron/import/stage-import.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { recordSentPayout } from '../../electron/ledger/recipients-repo.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { listProfiles, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { batchState, interruptedBatches } from '../../electron/ledger/batches-repo.ts'
import { createBatchRunner } from '../../electron/payouts/batches.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { listAwaitingRelease } from '../../electron/payouts/release-limits.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const csvOf = (count: number, referenced = false) =>
  [
    `name,account number,bank code,mobile,email,amount${referenced ? ',reference' : ''}`,
    ...Array.from(
      { length: count },
      (_, i) =>
        `Person ${i},00${1_000_000 + i},0002,081234567890,p${i}@example.com,"${(10_000 + i).toLocaleString('en')}"${referenced ? `,REFX${String(i).padStart(8, '0')}` : ''}`,
    ),
  ].join('\n')

const accepted = { skipInvalid: false, accepted: { rows: new Set<number>(), repeatFile: false } }

describe('an import committed in chunks', () => {
  let tmp: ReturnType<typeof makeTempDir>
  let db: Ledger
  let profile: ProfileRecord
  beforeEach(() => {
    tmp = makeTempDir()
    db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    profile = addSandboxProfile(db)
  })
  afterEach(() => {
    db.close()
    tmp.cleanup()
  })

  const stage = (count: number, referenced = false): StagedImport => {
    const text = csvOf(count, referenced)
    const staged = stageImport(db, profile.id, parseCsv(text), {
      fileName: 'big.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
    expect(staged.valid).toBe(count)
    return staged
  }
  const count = (sql: string, ...args: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...args) as number
  // A real engine with no gateway: the runner refuses before anything would reach one.
  const runner = () =>
    createBatchRunner({
      db,
      engine: createEngine({
        db,
        resolveClient: () => Promise.reject(new Error('no gateway in this test')),
      }),
      ready: Promise.resolve(),
    })

  it('is never sendable half-written, and is one queued batch once the last chunk is in', async () => {
    const staged = stage(5_000)
    const seen: { written: number; state: string | null; interrupted: string[] }[] = []
    let refused = 0
    const result = await commitImportInChunks(db, staged, {
      ...accepted,
      chunkRows: 1_024,
      onChunk: async (written) => {
        const batchId = db.prepare("SELECT id FROM batches WHERE state = 'importing'").pluck().get() as string
        seen.push({ written, state: batchState(db, batchId), interrupted: interruptedBatches(db) })
        // Any door that starts a batch goes through the runner: it refuses a half-written import.
        await runner()
          .start(batchId)
          .catch((error: unknown) => {
            expect(String(error)).toMatch(/still being written/)
            refused++
          })
      },
    })
    expect(seen.map((s) => s.written)).toEqual([1_024, 2_048, 3_072, 4_096, 5_000])
    expect(seen.every((s) => s.state === 'importing' && s.interrupted.length === 0)).toBe(true)
    expect(refused).toBe(5)
    expect(result).toEqual({ batchId: result.batchId, count: 5_000, awaitingRelease: false })
    expect(batchState(db, result.batchId)).toBe('draft')
    expect(
      count("SELECT count(*) FROM payouts WHERE batch_id = ? AND status = 'queued'", result.batchId),
    ).toBe(5_000)
    expect(count("SELECT count(*) FROM payout_events WHERE kind = 'created'")).toBe(5_000)
    expect(count('SELECT count(DISTINCT reference) FROM payouts')).toBe(5_000)
    // Now it is a batch like any other: a crash from here would resume it, and its audit trail is
    // append-only again for good.
    expect(interruptedBatches(db)).toEqual([result.batchId])
    expect(() =>
      db.prepare("UPDATE batches SET state = 'importing' WHERE id = ?").run(result.batchId),
    ).toThrow(/cannot become an import again/)
    expect(() => db.prepare('DELETE FROM payout_events').run()).toThrow(/append-only/)
  })

  it('removes every row it wrote when the write fails part-way, and says nothing was sent', async () => {
    const staged = stage(3_000)
    await expect(
      commitImportInChunks(db, staged, {
        ...accepted,
        chunkRows: 1_024,
        onChunk: (written) => {
          if (written === 2_048) throw new Error('disk full')
        },
      }),
    ).rejects.toThrow('disk full')
    expect(count('SELECT count(*) FROM payouts')).toBe(0)
    expect(count('SELECT count(*) FROM payout_events')).toBe(0)
    expect(count('SELECT count(*) FROM batches')).toBe(0)
    expect(count('SELECT coalesce(sum(n), 0) FROM payout_buckets')).toBe(0)
  })

  it('stops at the next chunk when another door writes for the profile, and removes what it wrote', async () => {
    const staged = stage(3_000, true)
    await expect(
      commitImportInChunks(db, staged, {
        ...accepted,
        chunkRows: 1_024,
        // Another door takes the reference of row 2,500 while the first chunks are written.
        onChunk: (written) => {
          if (written === 1_024)
            insertPayout(db, vexoraPayout(profile, 1, { reference: 'REFX00002499', status: 'queued' }))
        },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(count('SELECT count(*) FROM payouts')).toBe(1)
    expect(count('SELECT count(*) FROM batches')).toBe(0)
    expect(count('SELECT count(*) FROM payout_events')).toBe(1)
  })

  it("judges each chunk's payees as the ledger is then: a payee learned between chunks keeps the change the person accepted", async () => {
    const budiAt = (account: string) => ({
      bankCode: '0002',
      bankAccountNo: account,
      customerName: 'Budi Santoso',
    })
    // More unsent payouts than are read whole, so the rule looks payees up by index, chunk by chunk.
    for (let n = 0; n < 501; n++) insertPayout(db, vexoraPayout(profile, n, { status: 'queued' }))
    const budi = insertPayout(db, vexoraPayout(profile, 900, { status: 'queued', fields: budiAt('0011111') }))
    const lines = csvOf(3_000).split('\n')
    lines[2_500] = 'Budi Santoso,0099999,0002,081234567890,budi@example.com,"12,345"'
    const text = lines.join('\n')
    const staged = stageImport(db, profile.id, parseCsv(text), {
      fileName: 'big.csv',
      sha256: sha256Hex(Buffer.from(text)),
    })
    // The review names Budi's waiting payout: his account changed, and the person accepts it.
    expect(staged.rows[2_499]?.recipient).toMatchObject({
      kind: 'changed',
      oldAccount: { bankAccountNo: '0011111' },
    })
    await commitImportInChunks(db, staged, {
      skipInvalid: false,
      accepted: { rows: new Set([2_501]), repeatFile: false },
      chunkRows: 1_024,
      // Budi's waiting payout is sent meanwhile: the directory learns him, the unsent payouts lose him.
      onChunk: (written) => {
        if (written === 1_024)
          recordSentPayout(db, budi, payoutShape('vexora', 'ID') as PayoutShape, Date.now())
      },
    })
    const paid = db.prepare("SELECT account_change_json FROM payouts WHERE account_no = '0099999'").get() as {
      account_change_json: string | null
    }
    expect(JSON.parse(paid.account_change_json ?? 'null')).toMatchObject({
      old: { bankAccountNo: '0011111' },
    })
  })

  it('removes an import its process left half-written, once stale, and never one still being written', async () => {
    const staged = stage(3_000)
    // The process "dies" after the first chunk: the next turn never comes.
    let chunks = 0
    void commitImportInChunks(db, staged, {
      ...accepted,
      chunkRows: 1_024,
      between: () => (chunks++ === 0 ? Promise.resolve() : new Promise<void>(() => undefined)),
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(count('SELECT count(*) FROM payouts')).toBe(1_024)
    expect(interruptedBatches(db)).toEqual([])
    expect(listAwaitingRelease(db)).toEqual([])
    expect(await abandonStaleImports(db)).toBe(0)
    expect(count('SELECT count(*) FROM payouts')).toBe(1_024)
    expect(await abandonStaleImports(db, Date.now() + STALE_IMPORT_MS + 1)).toBe(1)
    expect(count('SELECT count(*) FROM payouts')).toBe(0)
    expect(count('SELECT count(*) FROM payout_events')).toBe(0)
    expect(count('SELECT count(*) FROM batches')).toBe(0)
  })
})

/** A window's handler table on a fresh desk, with a 20,000-row file waiting in the file dialog. */
const withWindow = async (
  run: (call: ReturnType<typeof ipcCaller>['call'], services: Services, profileId: string) => Promise<void>,
) => {
  const tmp = makeTempDir()
  const files = scriptedFiles(tmp.dir)
  const services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    // Running, so the built-in sandbox profile can send what a confirm writes (nothing is sent here).
    sandbox: {},
    poll: false,
    files: files.port,
  })
  try {
    const handlers = createHandlers(services, () => undefined)
    const { call } = ipcCaller(() => handlers)
    const profileId = listProfiles(services.ledger).find((p) => p.provider === 'vexora')?.id ?? ''
    files.next = { name: 'big.csv', bytes: Buffer.from(csvOf(20_000)) }
    await run(call, services, profileId)
  } finally {
    await services.close()
    tmp.cleanup()
  }
}

describe("the window's import confirm", () => {
  it('keeps the main event loop turning while a 20,000-row file is written', async () => {
    await withWindow(async (call, _services, profileId) => {
      const view = await call('openImportFile', { profileId })
      let ticks = 0
      const timer = setInterval(() => ticks++, 1)
      const committed = await call('confirmImport', { importId: view?.importId ?? '' })
      clearInterval(timer)
      expect(committed.count).toBe(20_000)
      // Written in ten chunks at least, with the loop turning between them (one long write would let the
      // timer fire once at most).
      expect(ticks).toBeGreaterThanOrEqual(9)
    })
  }, 120_000)
})

describe("the window's import review", () => {
  it('keeps the main event loop turning while a 20,000-row file is checked again after an edit', async () => {
    await withWindow(async (call, _services, profileId) => {
      const view = await call('openImportFile', { profileId })
      let ticks = 0
      const timer = setInterval(() => ticks++, 1)
      const edited = await call('editImportRow', {
        importId: view?.importId ?? '',
        line: 2,
        cells: { amount: 'not money' },
      })
      clearInterval(timer)
      expect(edited.invalid).toBe(1)
      // Checked a few milliseconds at a time: one long check would let the timer fire once at most.
      expect(ticks).toBeGreaterThanOrEqual(5)
    })
  }, 120_000)

  it('writes a confirm asked for during an edit only after that edit: a removed row is never paid', async () => {
    await withWindow(async (call, services, profileId) => {
      const view = await call('openImportFile', { profileId })
      const importId = view?.importId ?? ''
      // The person removes a row and confirms at once; the removal's check takes many turns.
      const [removed, committed] = await Promise.all([
        call('removeImportRow', { importId, line: 2 }),
        call('confirmImport', { importId }),
      ])
      expect(removed.valid).toBe(19_999)
      expect(committed.count).toBe(19_999)
      const paidToRemoved = services.ledger
        .prepare("SELECT COUNT(*) FROM payouts WHERE account_no = '001000000'")
        .pluck()
        .get()
      expect(paidToRemoved).toBe(0)
    })
  }, 120_000)

  it('refuses to confirm a review whose last change could not be checked: the row as it was is never paid', async () => {
    await withWindow(async (call, services, profileId) => {
      const view = await call('openImportFile', { profileId })
      const importId = view?.importId ?? ''
      const db = services.ledger
      const transaction = db.transaction.bind(db)
      // The ledger fails the check once, part-way (as a read error or a closing app would).
      db.transaction = (() => {
        db.transaction = transaction
        throw new Error('disk I/O error')
      }) as typeof db.transaction
      await expect(
        call('editImportRow', { importId, line: 2, cells: { 'account number': '009999999' } }),
      ).rejects.toThrow()
      await expect(call('confirmImport', { importId })).rejects.toThrow(/could not be checked/)
      const written = () => db.prepare('SELECT COUNT(*) FROM payouts').pluck().get()
      expect(written()).toBe(0)
      // The same change again is checked, and what is written is what the person changed the row to.
      await call('editImportRow', { importId, line: 2, cells: { 'account number': '009999999' } })
      expect((await call('confirmImport', { importId })).count).toBe(20_000)
      const accounts = db.prepare(
        "SELECT account_no FROM payouts WHERE account_no IN ('001000000', '009999999')",
      )
      expect(accounts.pluck().all()).toEqual(['009999999'])
    })
  }, 120_000)

  it('refuses a tick that waited behind a check: it stands for the warnings the person saw, not new ones', async () => {
    await withWindow(async (call, _services, profileId) => {
      const view = await call('openImportFile', { profileId })
      const importId = view?.importId ?? ''
      // An edit, then a tick on the view from before it: the tick waits for the edit's check.
      const [edited, ticked] = await Promise.allSettled([
        call('editImportRow', { importId, line: 3, cells: { amount: '12345' } }),
        call('acceptImportWarning', { importId, line: 2, accepted: true, revision: view?.revision ?? 0 }),
      ])
      expect(edited.status).toBe('fulfilled')
      expect(ticked.status).toBe('rejected')
      expect(String((ticked as PromiseRejectedResult).reason)).toMatch(/checked again after your last change/)
      // Ticked on the view the check gave, it is taken.
      const now = edited.status === 'fulfilled' ? edited.value : null
      const taken = await call('acceptImportWarning', {
        importId,
        line: 2,
        accepted: true,
        revision: now?.revision ?? -1,
      })
      expect(taken.rows.find((r) => r.line === 2)?.accepted).toBe(true)
    })
  }, 120_000)
})
