import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { vexoraPayout } from '../support/ledger-fixtures.ts'
import { runCli } from '../support/run-cli.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { ledgerAtHangingGateway } from '../support/hanging-gateway.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/**
 * Reading never waits on the network: a gateway that takes connections and never answers (a bad Wi-Fi,
 * a firewall that drops packets) must not slow down any read, at the command line or in the window, and
 * no read may even start a request to it.
 */
const tmp = makeTempDir('payout-desk-reads-offline-')
const dataDir = join(tmp.dir, 'data')
let hang: Awaited<ReturnType<typeof ledgerAtHangingGateway>>
// One connection per request that left.
const connections = () => hang.held.length

beforeAll(async () => {
  // Three in doubt (recovery would ask about each first, waiting out a 15 s timeout each) and one still
  // processing.
  hang = await ledgerAtHangingGateway(dataDir, (profile) => [
    ...[1, 3, 4].map((n) => vexoraPayout(profile, n, { status: 'unknown', reference: `HANG00000${n}` })),
    vexoraPayout(profile, 2, { status: 'processing', reference: 'HANG000002' }),
  ])
}, 60_000)

afterAll(async () => {
  await hang.close()
  tmp.cleanup()
})

// What counts is that no request starts (the connection count); the time bound is generous for a busy
// machine and still far below the 45 s recovery would wait on the three in-doubt payouts.
const BOUND_MS = 20_000

describe('reads with a gateway that never answers', { timeout: 240_000 }, () => {
  it('answer at the command line without asking it', async () => {
    const out = join(tmp.dir, 'export.csv')
    for (const args of [
      ['list'],
      ['list', '--json'],
      ['show', 'HANG000001'],
      ['export', '--out', out],
      ['attention'],
      ['attention', '--json'],
      ['recipients', 'list'],
      ['profile', 'list'],
    ]) {
      const before = connections()
      const started = Date.now()
      const r = await runCli([...args, '--data-dir', dataDir])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
      expect(Date.now() - started, args.join(' ')).toBeLessThan(BOUND_MS)
      expect(connections() - before, `${args.join(' ')} opened a connection`).toBe(0)
    }
  })

  it('answer in the window without asking it, while recovery waits on it beside them', async () => {
    const files = scriptedFiles(tmp.dir)
    const services = await createServices({ appVersion: 't', dataDir, poll: false, files: files.port })
    try {
      const { call } = ipcCaller(() => createHandlers(services, () => undefined))
      // Recovery has started asking about the in-doubt payout (and hangs there).
      const deadline = Date.now() + 20_000
      while (connections() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      const before = connections()
      const started = Date.now()
      const page = await call('listPayouts', { limit: 50 })
      expect(page.rows.map((r) => r.reference).sort()).toEqual([
        'HANG000001',
        'HANG000002',
        'HANG000003',
        'HANG000004',
      ])
      const one = page.rows[0]
      if (!one) throw new Error('no row')
      await call('getPayout', { id: one.id })
      await call('getPayoutDetail', { id: one.id })
      await call('exportPayouts', {})
      await call('listAttention', {})
      await call('listRecipients', {})
      const today = new Date().setHours(0, 0, 0, 0)
      const dayStarts = Array.from({ length: 30 }, (_, k) => today - (29 - k) * 86_400_000)
      await call('getDashboard', { dayStarts, weekStart: today - 6 * 86_400_000 })
      expect(Date.now() - started).toBeLessThan(BOUND_MS)
      expect(connections() - before).toBe(0)
    } finally {
      hang.drop()
      await services.close()
    }
  })
})
