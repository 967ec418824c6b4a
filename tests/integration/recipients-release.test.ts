// Issue 16 through the window's channels, on real services, the real sandbox and a real ledger file.
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import type { Handlers } from '../../electron/ipc/dispatch.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { eventually } from '../support/eventually.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { scriptedFiles, type ScriptedFiles } from '../support/scripted-files.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
let files: ScriptedFiles
const answers: unknown[] = []
const logs: string[] = []
const logLine = (where: string, error: unknown) =>
  logs.push(`${where}: ${String(error)} ${(error as Error).stack ?? ''}`)
const { call, refusal } = ipcCaller(() => handlers)
const PASSPHRASE = 'correct horse battery staple 7Q'

beforeEach(async () => {
  tmp = makeTempDir()
  files = scriptedFiles(tmp.dir)
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    sandbox: { settleAfterMs: 50 },
    poll: false,
    files: files.port,
    hooks: { onError: logLine },
  })
  const real = createHandlers(services, () => undefined, logLine)
  // Every answer main gives the window, kept to search for the passphrase.
  handlers = Object.fromEntries(
    Object.entries(real).map(([k, f]) => [
      k,
      async (input: unknown) => {
        const out: unknown = await (f as (i: unknown) => unknown)(input)
        answers.push(out)
        return out
      },
    ]),
  ) as unknown as Handlers
})
afterEach(async () => {
  await services.close()
  tmp.cleanup()
})

const vexora = () => listProfiles(services.ledger).find((p) => p.provider === 'vexora') as { id: string }
const pay = async (
  fields: Record<string, string>,
  amount = '150000',
  acceptAccountChange?: { old: Record<string, string> },
) => {
  const created = await call('createPayout', {
    profileId: vexora().id,
    amount,
    fields,
    idempotencyKey: randomUUID(),
    ...(acceptAccountChange ? { acceptAccountChange } : {}),
  })
  if (created.status === 'draft') return created
  await eventually(async () => {
    await call('refreshPayouts', { ids: [created.id] })
    expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
  })
  return created
}
const csv = (rows: string[]) => ({
  name: `pay-${randomUUID()}.csv`,
  bytes: Buffer.from(['name,account number,bank code,mobile,email,amount', ...rows].join('\n')),
})

describe('recipients', () => {
  it('a recipient paid twice is one recipient; a known person at a new account must be accepted, then moves', async () => {
    const siti = idrFields('0012345', 'Siti Rahma')
    await pay(siti)
    await pay(siti, '175000')
    const [one, ...none] = await call('listRecipients', { profileId: vexora().id })
    expect(none).toEqual([])
    expect(one).toMatchObject({ name: 'Siti Rahma', account: '0012345', payouts: 2 })

    const moved = { ...siti, bankAccountNo: '0099887' }
    expect(await call('checkRecipient', { profileId: vexora().id, fields: moved })).toMatchObject({
      kind: 'changed',
      oldAccount: { bankAccountNo: '0012345' },
      newAccount: { bankAccountNo: '0099887' },
    })
    // Not without the person's explicit yes, having seen both accounts.
    const refused = await refusal('createPayout', {
      profileId: vexora().id,
      amount: '150000',
      fields: moved,
      idempotencyKey: randomUUID(),
    })
    expect(refused.message).toMatch(
      /last paid at bankCode 0002, bankAccountNo 0012345; this payout goes to .*0099887/,
    )
    // Accepting a change names the old account that was shown: another one is no acceptance.
    const stale = await refusal('createPayout', {
      profileId: vexora().id,
      amount: '150000',
      fields: moved,
      idempotencyKey: randomUUID(),
      acceptAccountChange: { old: { bankCode: '0002', bankAccountNo: '0055555' } },
    })
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toMatch(/changed after you looked/)
    const paidNew = await pay(moved, '150000', { old: { bankCode: '0002', bankAccountNo: '0012345' } })
    const detail = await call('getRecipient', { id: one?.id ?? '' })
    expect(detail).toMatchObject({ account: '0099887', payouts: 3 })
    expect(detail.changes).toEqual([
      expect.objectContaining({
        payoutId: paidNew.id,
        oldAccount: { bankCode: '0002', bankAccountNo: '0012345' },
      }),
    ])
    expect(
      await call('checkRecipient', { profileId: vexora().id, fields: idrFields('0077777', 'Budi') }),
    ).toEqual({ kind: 'new' })
  })

  it("a changed account in a file stops the window's confirm until that row is accepted, showing old and new", async () => {
    await pay(idrFields('0012345', 'Siti Rahma'))
    files.next = csv([
      'Siti Rahma,0099887,0002,081234567890,siti@example.com,150000',
      'Budi,0055501,0002,081234567890,b@example.com,90000',
    ])
    const view = await call('openImportFile', { profileId: vexora().id })
    if (!view) throw new Error('no review')
    const [siti, budi] = view.rows
    expect(siti?.recipient).toMatchObject({
      kind: 'changed',
      name: 'Siti Rahma',
      oldAccount: { bankAccountNo: '0012345' },
    })
    expect(siti?.warnings).toEqual([
      expect.objectContaining({
        code: 'account_changed',
        params: expect.objectContaining({
          old: 'bankCode 0002, bankAccountNo 0012345',
          new: 'bankCode 0002, bankAccountNo 0099887',
        }) as unknown,
      }),
    ])
    expect(budi?.recipient).toMatchObject({ kind: 'new' })
    expect((await refusal('confirmImport', { importId: view.importId })).message).toMatch(/not accepted/)
    await call('acceptImportWarning', {
      importId: view.importId,
      line: siti?.line ?? 0,
      accepted: true,
      revision: view.revision,
    })
    const { batchId } = await call('confirmImport', { importId: view.importId })
    await call('startBatch', { batchId })
    await services.batches.finished(batchId)
    await eventually(async () => {
      await call('refreshPayouts', { batchId })
      expect((await call('getBatch', { batchId })).byStatus.succeeded).toBe(2)
    })
    const [recipient] = await call('listRecipients', { search: 'Siti' })
    expect(recipient).toMatchObject({ account: '0099887' })
  })
})

describe('release limits', () => {
  it('a batch over the daily limit waits; a wrong passphrase releases nothing, the right one sends it', async () => {
    const profileId = vexora().id
    // Limits without a passphrase are refused: the passphrase is what releases.
    expect(
      (await refusal('setReleaseLimits', { profileId, perPayout: '', perDay: '200,000' })).message,
    ).toMatch(/passphrase/)
    await call('setReleaseLimits', { profileId, perPayout: '', perDay: '200,000', newPassphrase: PASSPHRASE })
    expect(await call('getReleaseLimits', { profileId })).toEqual({
      profileId,
      currency: 'IDR',
      perPayoutMinor: null,
      perDayMinor: 200_000,
      hasPassphrase: true,
      timeZone: 'Asia/Jakarta',
      changedOutside: false,
    })
    // Changing them needs the current passphrase.
    expect((await refusal('setReleaseLimits', { profileId, perPayout: '', perDay: '' })).message).toMatch(
      /current release passphrase/,
    )

    files.next = csv([
      'Siti,0012345,0002,081234567890,s@example.com,150000',
      'Budi,0055501,0002,081234567890,b@example.com,90000',
    ])
    const view = await call('openImportFile', { profileId })
    if (!view) throw new Error('no review')
    const committed = await call('confirmImport', { importId: view.importId })
    expect(committed).toMatchObject({ count: 2, awaitingRelease: true })
    expect((await refusal('startBatch', { batchId: committed.batchId })).message).toMatch(/release limit/)
    const [group] = await call('listAwaitingRelease')
    expect(group).toMatchObject({
      batchId: committed.batchId,
      count: 2,
      totalMinor: 240_000,
      why: 'per_day',
      environment: 'sandbox',
    })
    const held = { batchId: committed.batchId }
    const wrong = await refusal('releasePayouts', {
      profileId,
      held,
      passphrase: 'guess',
      reviewHash: group?.reviewHash ?? '',
    })
    expect(wrong.message).toMatch(/not the release passphrase/)
    // And a second try straight away waits (wrong attempts are slowed down).
    expect(
      (
        await refusal('releasePayouts', {
          profileId,
          held,
          passphrase: PASSPHRASE,
          reviewHash: group?.reviewHash ?? '',
        })
      ).message,
    ).toMatch(/Wait \d+ seconds?/)
    expect((await services.sandbox())?.book.list()).toEqual([])
    await new Promise((r) => setTimeout(r, 1_100))
    expect(
      await call('releasePayouts', {
        profileId,
        held,
        passphrase: PASSPHRASE,
        reviewHash: group?.reviewHash ?? '',
      }),
    ).toEqual({ released: 2, totalMinor: 240_000 })
    await eventually(async () => expect((await services.sandbox())?.book.list()).toHaveLength(2))
    expect(await call('listAwaitingRelease')).toEqual([])
    const events = services.ledger
      .prepare(
        "SELECT count(*) FROM payout_events WHERE kind = 'decision' AND detail_json LIKE '%\"release\"%'",
      )
      .pluck()
      .get()
    expect(events).toBe(2)

    // Nothing of the passphrase is kept but its scrypt hash: not in the ledger's files, not in any answer.
    for (const name of readdirSync(tmp.dir).filter((f) => f.startsWith('ledger.sqlite3'))) {
      const bytes = readFileSync(join(tmp.dir, name))
      for (const form of [
        PASSPHRASE,
        Buffer.from(PASSPHRASE).toString('base64'),
        Buffer.from(PASSPHRASE).toString('hex'),
      ])
        expect(bytes.includes(Buffer.from(form))).toBe(false)
    }
    expect(JSON.stringify(answers)).not.toContain(PASSPHRASE)
    expect(logs.join('\n')).not.toContain(PASSPHRASE)
  })

  it('a release is refused when what waits changed since it was reviewed; what waits can be cancelled', async () => {
    const profileId = vexora().id
    await call('setReleaseLimits', { profileId, perPayout: '100,000', perDay: '', newPassphrase: PASSPHRASE })
    const created = await call('createPayout', {
      profileId,
      amount: '150000',
      fields: idrFields('0012345'),
      idempotencyKey: randomUUID(),
    })
    expect(created.status).toBe('draft')
    const [group] = await call('listAwaitingRelease')
    expect(group).toMatchObject({ batchId: null, payoutIds: [created.id], why: 'per_payout' })
    // Edited behind the review's back (as a tampered ledger would be).
    services.ledger
      .prepare("UPDATE payouts SET fields_json = replace(fields_json, '0012345', '0666666') WHERE id = ?")
      .run(created.id)
    const held = { payoutIds: [created.id] }
    const stale = await refusal('releasePayouts', {
      profileId,
      held,
      passphrase: PASSPHRASE,
      reviewHash: group?.reviewHash ?? '',
    })
    expect(stale).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/changed since you reviewed/) as unknown,
    })
    expect((await call('getPayout', { id: created.id })).status).toBe('draft')
    expect(await call('cancelAwaitingRelease', { profileId, held })).toEqual({ cancelled: 1 })
    expect((await call('getPayout', { id: created.id })).status).toBe('cancelled')
    expect((await services.sandbox())?.book.list()).toEqual([])
  })
})
