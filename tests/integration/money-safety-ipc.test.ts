// Issue 14's findings 4 and 8, through the window's channels on real services and the real sandbox.
import { closedPort } from '../support/closed-port.ts'
import { SANDBOX_VEXORA } from '../../electron/sandbox/credentials.ts'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { insertProfile, listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { eventually } from '../support/eventually.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { ipcServicesSuite } from '../support/ipc-services.ts'

const t = ipcServicesSuite({ sandbox: { settleAfterMs: 100 }, engine: { settleMs: 0 } })
const { call, refusal } = t

const profile = (provider: 'vexora' | 'bluepay') => {
  const p = listProfiles(t.services.ledger).find((x) => x.provider === provider)
  if (!p) throw new Error(`no ${provider} profile`)
  return p
}
const sandboxOrders = async () => (await t.services.sandbox())?.book.list() ?? []
const fields = (account: string) => ({ ...idrFields(account, 'Siti Rahma'), mobile: '081234567890' })

describe('4. an import review is checked again when it is confirmed', () => {
  const file = [
    'name,account number,bank code,mobile,email,amount',
    'Siti,0012345,0002,081234567890,siti@example.com,150000',
  ].join('\n')

  it('refuses to commit a review the ledger has overtaken (same file, or the same payout meanwhile), and says why', async () => {
    const profileId = profile('vexora').id
    t.files.next = { name: 'july.csv', bytes: Buffer.from(file) }
    const first = await call('openImportFile', { profileId })
    t.files.next = { name: 'july.csv', bytes: Buffer.from(file) }
    const second = await call('openImportFile', { profileId })
    if (!first || !second) throw new Error('no review')
    await call('confirmImport', { importId: first.importId })
    // The second review was made before the first was committed: it must not pay the file again.
    const stale = await refusal('confirmImport', { importId: second.importId })
    expect(stale).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/imported meanwhile/) as unknown,
    })
    expect(t.services.ledger.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(1)

    // The same payout typed in the window meanwhile is caught too.
    const other =
      'name,account number,bank code,mobile,email,amount\nBudi,0099887,0002,081234567890,budi@example.com,175000'
    t.files.next = { name: 'august.csv', bytes: Buffer.from(other) }
    const third = await call('openImportFile', { profileId })
    if (!third) throw new Error('no review')
    await call('createPayout', {
      profileId,
      amount: '175000',
      fields: { ...fields('0099887'), customerName: 'Budi' },
      idempotencyKey: randomUUID(),
    })
    expect(await refusal('confirmImport', { importId: third.importId })).toMatchObject({ code: 'CONFLICT' })
    // The review is still there, now with the warning to accept, and a confirmed one cannot come back.
    expect(await refusal('confirmImport', { importId: third.importId })).toMatchObject({
      message: expect.stringMatching(/not accepted/) as unknown,
    })
    expect(await refusal('confirmImport', { importId: first.importId })).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('8. smaller findings', () => {
  it('the same New payout key twice is one payout, paid once', async () => {
    const key = randomUUID()
    const input = {
      profileId: profile('vexora').id,
      amount: '120000',
      fields: fields('0055501'),
      idempotencyKey: key,
    }
    const a = await call('createPayout', input)
    const b = await call('createPayout', input)
    expect(b.id).toBe(a.id)
    await eventually(async () =>
      expect((await sandboxOrders()).filter((o) => o.reference === a.reference)).toHaveLength(1),
    )
    expect(t.services.ledger.prepare('SELECT count(*) FROM payouts').pluck().get()).toBe(1)
  })

  it('a final answer against a final state is recorded and raised with both sides, never applied or dropped', async () => {
    const created = await call('createPayout', {
      profileId: profile('vexora').id,
      amount: '130000',
      fields: fields('0055502'),
      idempotencyKey: randomUUID(),
    })
    await eventually(async () => {
      await call('refreshPayouts', { ids: [created.id] })
      expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
    })
    const sandbox = await t.services.sandbox()
    const order = (await sandboxOrders()).find((o) => o.reference === created.reference)
    if (!sandbox || !order) throw new Error('no order')
    const reply = await t.services.engine.applyCallback(
      profile('vexora').id,
      callbackBody(sandbox.context, order, 'failed'),
    )
    expect(reply.body).toBe('OK')
    expect((await call('getPayout', { id: created.id })).status).toBe('succeeded')
    const { items } = await call('listAttention', {})
    expect(items).toEqual([
      expect.objectContaining({
        id: created.id,
        reason: 'reversal',
        gateway: expect.objectContaining({ status: '00029', source: 'callback' }) as unknown,
        ledger: expect.objectContaining({ status: 'succeeded' }) as unknown,
        actions: ['keep-gateway', 'keep-ledger'],
      }),
    ])
    const callbacks = t.services.ledger
      .prepare("SELECT count(*) FROM payout_events WHERE payout_id = ? AND kind = 'callback'")
      .pluck()
      .get(created.id)
    expect(callbacks).toBe(1)
    const [item] = items
    await call('resolveAttention', {
      payoutId: created.id,
      action: 'keep-gateway',
      note: 'bank returned it',
      version: item?.version ?? 0,
    })
    expect((await call('getPayout', { id: created.id })).status).toBe('failed')
  })

  it('a batch with a payout sent back to the queue is not done, and resume finds it', async () => {
    const vexora = profile('vexora')
    // A profile whose requests never leave: nothing listens at its address (refused connections).
    const broken = insertProfile(t.services.ledger, {
      ...vexora,
      name: 'Broken',
      baseUrl: `http://127.0.0.1:${await closedPort()}/x`,
      notifyUrl: 'http://127.0.0.1:9/callbacks',
    })
    await call('setSecret', { profileId: broken.id, secret: SANDBOX_VEXORA.secret })
    t.files.next = {
      name: 'b.csv',
      bytes: Buffer.from(
        'name,account number,bank code,mobile,email,amount\nSiti,0012345,0002,081234567890,siti@example.com,150000',
      ),
    }
    const review = await call('openImportFile', { profileId: broken.id })
    if (!review) throw new Error('no review')
    const { batchId } = await call('confirmImport', { importId: review.importId })
    await call('startBatch', { batchId })
    await t.services.batches.finished(batchId)
    const batch = await call('getBatch', { batchId })
    expect(batch.byStatus.queued).toBe(1)
    expect(batch.state).not.toBe('done')
  })

  it('a reference is unique per gateway account, not only per profile', () => {
    const vexora = profile('vexora')
    const twin = insertProfile(t.services.ledger, { ...vexora, name: 'Same account, other name' })
    draftPayout(t.services.ledger, {
      profileId: vexora.id,
      amountMinor: 20_000,
      fields: fields('0011'),
      reference: 'INV-2026-0001',
    })
    expect(() =>
      draftPayout(t.services.ledger, {
        profileId: twin.id,
        amountMinor: 20_000,
        fields: fields('0011'),
        reference: 'INV-2026-0001',
        // Meant as a second payment (one merchant account: it is a repeat), so the reference decides.
        acceptRepeat: true,
      }),
    ).toThrow(/already used with this gateway account/)
  })
})
