import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { eventually } from '../support/eventually.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { scriptedFiles, type ScriptedFiles } from '../support/scripted-files.ts'
import type { ChannelInput, PayoutPage, PayoutRow } from '../../shared/ipc/contract.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
let files: ScriptedFiles
const { call, refusal } = ipcCaller(() => handlers)

async function start(options: { sandbox: boolean; poll?: boolean }) {
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    sandbox: options.sandbox ? { settleAfterMs: 100 } : false,
    poll: options.poll ?? false,
    files: files.port,
  })
  handlers = createHandlers(services, () => undefined)
}

beforeEach(() => {
  tmp = makeTempDir()
  files = scriptedFiles(tmp.dir)
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

const DAY = 86_400_000
const dayStarts = (today: number) => Array.from({ length: 30 }, (_, i) => today - (29 - i) * DAY)

describe('history, batches and the dashboard over IPC', () => {
  it('a batch with failures: results, retry as linked payouts, detail with its timeline, and a safe export', async () => {
    await start({ sandbox: true })
    const profile = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no profile')
    files.next = {
      name: 'june.csv',
      bytes: Buffer.from(
        [
          'amount,customerName,bankAccountNo,bankCode,mobile,email',
          '20000,Ana,0012345,0002,081234567890,a@example.com',
          '30000,=HYPERLINK("http://x"),5550000,0002,081234567890,b@example.com', // ends in 000: fails
          '40000,Citra,0077000,0002,081234567890,c@example.com', //                  fails too
        ].join('\n'),
      ),
    }
    const view = await call('openImportFile', { profileId: profile.id })
    if (!view) throw new Error('no view')
    const { batchId } = await call('confirmImport', { importId: view.importId })
    await call('startBatch', { batchId })
    await services.batches.finished(batchId)
    await eventually(async () => {
      await call('refreshPayouts', { batchId })
      const batch = await call('getBatch', { batchId })
      expect(batch.byStatus).toEqual({ succeeded: 1, failed: 2 })
    })
    const batch = await call('getBatch', { batchId })
    expect(batch).toMatchObject({ fileName: 'june.csv', count: 3, totalMinor: 90_000, currency: 'IDR' })
    expect((await call('listBatches')).map((b) => b.id)).toContain(batchId)

    const retry = await call('retryFailedPayouts', { batchId })
    expect(retry.count).toBe(2)
    const linked = services.ledger
      .prepare(
        `SELECT r.retry_of AS retryOf, r.reference AS ref, o.reference AS oldRef, r.status, r.amount_minor AS amount
           FROM payouts r JOIN payouts o ON o.id = r.retry_of WHERE r.batch_id = ? ORDER BY r.amount_minor`,
      )
      .all(retry.batchId) as { ref: string; oldRef: string; status: string; amount: number }[]
    expect(linked.map((l) => [l.amount, l.status])).toEqual([
      [30_000, 'queued'],
      [40_000, 'queued'],
    ])
    for (const l of linked) expect(l.ref).not.toBe(l.oldRef)
    expect((await refusal('retryFailedPayouts', { batchId })).message).toMatch(/all were retried/)

    const failed = (await call('listPayouts', { batchId, statuses: ['failed'] })).rows
    expect(failed).toHaveLength(2)
    const detail = await call('getPayoutDetail', { id: failed[0]?.id ?? '' })
    expect(detail.retriedAs).toHaveLength(1)
    expect(detail.fields.bankCode).toBe('0002')
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'create', 'query']))
    expect(detail.events.findLast((e) => e.toStatus)?.toStatus).toBe('failed')
    const raw = JSON.stringify(detail.events)
    expect(raw).toContain('sign')
    expect(raw).not.toContain((await services.sandbox())?.credentials.vexora.secret ?? 'no sandbox')

    const exported = await call('exportPayouts', { batchId, sort: 'amountLow' })
    expect(exported.count).toBe(3)
    const text = readFileSync(exported.savedTo ?? '', 'utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const parsed = Papa.parse<Record<string, string>>(text.slice(1).trim(), { header: true }).data
    expect(parsed.map((r) => [r.amount, r.status])).toEqual([
      ['20000', 'succeeded'],
      ['30000', 'failed'],
      ['40000', 'failed'],
    ])
    // The name a file supplied cannot run as a formula when the export is opened in a spreadsheet.
    expect(parsed[1]?.beneficiary).toBe(`'=HYPERLINK("http://x")`)
  })

  it('filters by date, amount range and search, sorts by amount, and pages by keyset without gaps', async () => {
    await start({ sandbox: false })
    const profile = addSandboxProfile(services.ledger)
    const base = Date.UTC(2026, 5, 1)
    for (let i = 0; i < 25; i++)
      insertPayout(
        services.ledger,
        vexoraPayout(profile, i, { amountMinor: 10_000 + (i % 5) * 1_000 }),
        base + i * 3_600_000,
      )
    const all = async (query: Omit<ChannelInput<'listPayouts'>, 'limit' | 'cursor'>) => {
      const rows: PayoutRow[] = []
      let cursor: string | null = null
      do {
        const page: PayoutPage = await call('listPayouts', { ...query, limit: 4, cursor })
        rows.push(...page.rows)
        cursor = page.nextCursor
      } while (cursor)
      return rows
    }
    const byAmount = await all({ sort: 'amountHigh' })
    expect(byAmount).toHaveLength(25)
    expect(new Set(byAmount.map((r) => r.id)).size).toBe(25)
    expect(byAmount.map((r) => r.amountMinor)).toEqual(
      [...byAmount.map((r) => r.amountMinor)].sort((a, b) => b - a),
    )
    const oldest = await all({ sort: 'oldest' })
    expect(oldest.map((r) => r.createdAt)).toEqual([...oldest.map((r) => r.createdAt)].sort((a, b) => a - b))

    const window = await all({ from: base + 5 * 3_600_000, to: base + 10 * 3_600_000 })
    expect(window.map((r) => r.reference).sort()).toEqual([
      'T000005',
      'T000006',
      'T000007',
      'T000008',
      'T000009',
    ])
    const range = await all({ minAmount: '12,000', maxAmount: '13000' })
    expect(range.every((r) => r.amountMinor >= 12_000 && r.amountMinor <= 13_000)).toBe(true)
    expect(range).toHaveLength(10)
    // Amount 11,000 is every fifth payout from 1; of those, 1, 11 and 16 have a name containing "Beneficiary 1".
    expect(await all({ search: 'Beneficiary 1', minAmount: '11000', maxAmount: '11000' })).toHaveLength(3)
    expect((await refusal('listPayouts', { minAmount: 'lots' })).message).toMatch(/not an amount/)
  })

  it('the dashboard counts per local day and profile, and lists what needs attention', async () => {
    await start({ sandbox: false })
    const profile = addSandboxProfile(services.ledger)
    const today = Date.UTC(2026, 10, 23)
    const at = (day: number, hour: number) => today - day * DAY + hour * 3_600_000
    const put = (n: number, when: number, status: 'succeeded' | 'failed' | 'unknown' | 'processing') =>
      insertPayout(services.ledger, vexoraPayout(profile, n, { status, amountMinor: 10_000 * (n + 1) }), when)
    put(1, at(0, 1), 'succeeded')
    put(2, at(0, 2), 'failed')
    put(3, at(1, 23), 'unknown')
    put(4, at(3, 5), 'succeeded')
    put(5, at(40, 5), 'failed') // older than 30 days: not on the dashboard
    const failedToday = services.ledger
      .prepare("SELECT id FROM payouts WHERE reference = 'T000002'")
      .pluck()
      .get()

    const view = await call('getDashboard', { dayStarts: dayStarts(today), weekStart: at(2, 0) })
    const mine = view.profiles.find((p) => p.profileId === profile.id)
    expect(mine).toMatchObject({
      today: { succeeded: 1, failed: 1 },
      week: { succeeded: 1, failed: 1, unknown: 1 },
      paidTodayMinor: 20_000,
      paidWeekMinor: 20_000,
      currency: 'IDR',
      balance: null,
    })
    expect(mine?.days).toHaveLength(30)
    expect(mine?.days.at(-1)?.counts).toEqual({ succeeded: 1, failed: 1 })
    expect(mine?.days.at(-2)?.counts).toEqual({ unknown: 1 })
    expect(mine?.days.at(-4)?.counts).toEqual({ succeeded: 1 })
    expect(view.attention.map((a) => [a.reference, a.status])).toEqual([
      ['T000002', 'failed'],
      ['T000003', 'unknown'],
    ])
    // Each carries its profile's money, so the window marks test or real money on it.
    expect(view.attention.map((a) => a.environment)).toEqual(['sandbox', 'sandbox'])
    expect(view.attentionTotal).toBe(2)
    // Once a failed payout has been paid again, it no longer needs attention.
    insertPayout(services.ledger, vexoraPayout(profile, 9, { retryOf: failedToday as string }), at(0, 3))
    const after = await call('getDashboard', { dayStarts: dayStarts(today), weekStart: at(2, 0) })
    expect(after.attention.map((a) => a.reference)).toEqual(['T000003'])

    const unordered = dayStarts(today).reverse()
    expect((await refusal('getDashboard', { dayStarts: unordered, weekStart: 0 })).message).toMatch(
      /in order/,
    )
  })

  it('keeps the polling interval the person chose: 0 leaves checks to the person, a number resumes them', async () => {
    await start({ sandbox: true, poll: true })
    expect((await call('getSettings')).pollIntervalSeconds).toBe(10)
    // Checks every 5 s, then off: had "off" not stopped them, one would come within the wait below.
    await call('setPollInterval', { seconds: 5 })
    expect((await call('setPollInterval', { seconds: 0 })).pollIntervalSeconds).toBe(0)
    expect((await refusal('setPollInterval', { seconds: 2 })).code).toBe('INVALID_INPUT')
    const profile = listProfiles(services.ledger).find((p) => p.provider === 'vexora')
    if (!profile) throw new Error('no profile')
    const { id } = await call('createPayout', {
      profileId: profile.id,
      amount: '20,000',
      fields: idrFields(),
      idempotencyKey: randomUUID(),
    })
    const checkedAt = () =>
      services.ledger.prepare('SELECT last_checked_at FROM payouts WHERE id = ?').pluck().get(id)
    await eventually(() =>
      expect(services.ledger.prepare('SELECT status FROM payouts WHERE id = ?').pluck().get(id)).toBe(
        'processing',
      ),
    )
    // Its first check falls due after 3 s, and a 5 s tick would have come by 8.5 s; with checks off, none.
    await new Promise((r) => setTimeout(r, 8_500))
    expect(checkedAt()).toBeNull()
    await call('setPollInterval', { seconds: 5 })
    await eventually(() => expect(checkedAt()).not.toBeNull(), 5_000)

    expect((await call('setPollInterval', { seconds: 120 })).pollIntervalSeconds).toBe(120)
    await services.close()
    await start({ sandbox: false })
    expect((await call('getSettings')).pollIntervalSeconds).toBe(120)
  })
})
