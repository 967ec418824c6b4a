import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cachedBalance, refreshBalance } from '../../electron/payouts/balances.ts'
import { startCallbackListener } from '../../electron/payouts/callback-listener.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { createPoller } from '../../electron/payouts/poller.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { engineOn, fieldsFor, statusOf } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
let tmp: ReturnType<typeof makeTempDir>
let h: ReturnType<typeof engineOn>

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 200, callbackRetryDelaysMs: [100] })
})
afterAll(() => sandbox.close())
beforeEach(() => {
  tmp = makeTempDir()
  h = engineOn(tmp.dir, sandbox, { timeoutMs: 700 })
})
afterEach(() => {
  sandbox.faults.clear()
  h.db.close()
  tmp.cleanup()
})

describe('poller', () => {
  it('follows pending payouts to their final state on its own, at each payout’s persisted next check', async () => {
    const ids = [h.vexora, h.bluepay, h.vexora].map((p, i) =>
      draftPayout(h.db, {
        profileId: p.id,
        amountMinor: 20_000 + i,
        fields: fieldsFor(p, i === 2 ? '99000' : '12345'),
      }),
    )
    for (const id of ids) await h.engine.send(id)
    expect(
      h.db
        .prepare("SELECT count(*) FROM payouts WHERE next_check_at IS NOT NULL AND status = 'processing'")
        .pluck()
        .get(),
    ).toBe(3)
    // Make them due now rather than waiting for the first backoff step.
    h.db.prepare('UPDATE payouts SET next_check_at = 0').run()
    const poller = createPoller({ db: h.db, engine: h.engine, intervalMs: 50 })
    poller.start()
    try {
      await eventually(() => {
        h.db.prepare("UPDATE payouts SET next_check_at = 0 WHERE status = 'processing'").run()
        expect(ids.map((id) => statusOf(h.db, id))).toEqual(['succeeded', 'succeeded', 'failed'])
      })
      expect(h.db.prepare('SELECT count(*) FROM payouts WHERE next_check_at IS NOT NULL').pluck().get()).toBe(
        0,
      )
      expect(h.db.prepare('SELECT count(*) FROM payouts WHERE last_checked_at IS NULL').pluck().get()).toBe(0)
    } finally {
      poller.stop()
    }
  })

  it('says when the gateway cannot be reached and recovers when it answers again', async () => {
    const id = draftPayout(h.db, { profileId: h.bluepay.id, amountMinor: 100, fields: fieldsFor(h.bluepay) })
    await h.engine.send(id)
    const statuses: boolean[] = []
    const poller = createPoller({ db: h.db, engine: h.engine, onStatus: (s) => statuses.push(s.online) })
    sandbox.faults.add({ mode: 'drop-before', endpoint: 'query' })
    await poller.refreshNow([id])
    expect(poller.status()).toMatchObject({
      online: false,
      message: expect.stringMatching(/cannot be reached/) as unknown,
    })
    const backoff = h.db.prepare('SELECT check_failures FROM payouts WHERE id = ?').pluck().get(id)
    expect(backoff).toBe(1)
    await eventually(async () => {
      await poller.refreshAllPending()
      expect(statusOf(h.db, id)).toBe('succeeded')
    })
    expect(poller.status().online).toBe(true)
    expect(statuses).toEqual([false, true])
  })
})

describe('callback listener', () => {
  it('applies gateway callbacks as they arrive, without any polling', async () => {
    const finals: string[] = []
    const engine = createEngine({
      db: h.db,
      resolveClient: h.resolveClient,
      onFinal: (id, s) => finals.push(`${id}:${s}`),
    })
    const listener = await startCallbackListener({ engine })
    try {
      const withCallbacks = engineOn(tmp.dir, sandbox, { callbackBaseUrl: listener.url })
      const id = draftPayout(h.db, {
        profileId: h.vexora.id,
        amountMinor: 25_000,
        fields: fieldsFor(h.vexora),
      })
      await withCallbacks.engine.send(id)
      const sent = JSON.parse(
        h.db
          .prepare("SELECT detail_json FROM payout_events WHERE payout_id = ? AND kind = 'create'")
          .pluck()
          .get(id) as string,
      ) as { exchange: { request: { body: string } } }
      expect(JSON.parse(sent.exchange.request.body)).toMatchObject({
        notifyUrl: `${listener.url}/${h.vexora.id}`,
      })
      await eventually(() => expect(statusOf(h.db, id)).toBe('succeeded'))
      expect(finals).toEqual([`${id}:succeeded`])
      expect(
        h.db
          .prepare("SELECT count(*) FROM payout_events WHERE payout_id = ? AND kind = 'callback'")
          .pluck()
          .get(id),
      ).toBe(1)
      withCallbacks.db.close()
    } finally {
      await listener.close()
    }
  })

  it('refuses other paths, other methods, oversized and forged bodies, recording the forged one', async () => {
    const listener = await startCallbackListener({ engine: h.engine, maxBodyBytes: 1024 })
    try {
      const post = (path: string, body: string, method = 'POST') =>
        fetch(`${listener.url.replace('/callbacks', '')}${path}`, {
          method,
          body: method === 'GET' ? null : body,
        })
      expect((await post('/other', '{}')).status).toBe(404)
      expect((await post(`/callbacks/${h.vexora.id}`, '', 'GET')).status).toBe(404)
      expect((await post(`/callbacks/${h.vexora.id}`, 'x'.repeat(5_000))).status).toBe(413)
      const forged = await post(
        `/callbacks/${h.vexora.id}`,
        JSON.stringify({ tradeNo: 'X', status: '0000', sign: '0'.repeat(32) }),
      )
      expect(forged.status).toBe(400)
      expect(await forged.text()).toBe('FAIL')
      expect(h.db.prepare('SELECT reason FROM callback_rejections').pluck().all()).toEqual(['bad_signature'])
    } finally {
      await listener.close()
    }
  })
})

describe('balance', () => {
  it('is fetched, cached with its time, and kept when a later fetch fails', async () => {
    expect(cachedBalance(h.db, h.bluepay.id)).toBeNull()
    const first = await refreshBalance(h.db, h.resolveClient, h.bluepay.id)
    expect(first).toMatchObject({ problem: null, balance: { currency: 'THB' } })
    expect(cachedBalance(h.db, h.bluepay.id)).toEqual(first.balance)
    sandbox.faults.add({ mode: 'http-502', endpoint: 'balance' })
    const second = await refreshBalance(h.db, h.resolveClient, h.bluepay.id)
    expect(second).toEqual({ balance: first.balance, problem: expect.stringMatching(/HTTP 502/) as unknown })
  })
})
