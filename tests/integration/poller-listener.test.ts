import { describe, expect, it } from 'vitest'
import { cachedBalance, refreshBalance } from '../../electron/payouts/balances.ts'
import { startCallbackListener } from '../../electron/payouts/callback-listener.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { createPoller } from '../../electron/payouts/poller.ts'
import { engineOn, fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'

const t = sandboxEngineSuite({ settleAfterMs: 200, callbackRetryDelaysMs: [100] }, { timeoutMs: 700 })

describe('poller', () => {
  it('follows pending payouts to their final state on its own, at each payout’s persisted next check', async () => {
    const ids = [t.vexora, t.bluepay, t.vexora].map((p, i) =>
      draftPayout(t.db, {
        profileId: p.id,
        amountMinor: 20_000 + i,
        fields: i === 2 ? fieldsFor(p, '99000', 'Another Person') : fieldsFor(p, '12345'),
      }),
    )
    for (const id of ids) await t.engine.send(id)
    expect(
      t.db
        .prepare("SELECT count(*) FROM payouts WHERE next_check_at IS NOT NULL AND status = 'processing'")
        .pluck()
        .get(),
    ).toBe(3)
    // Make them due now rather than waiting for the first backoff step.
    t.db.prepare('UPDATE payouts SET next_check_at = 0').run()
    const poller = createPoller({ db: t.db, engine: t.engine, intervalMs: 50 })
    poller.start()
    try {
      await eventually(() => {
        t.db.prepare("UPDATE payouts SET next_check_at = 0 WHERE status = 'processing'").run()
        expect(ids.map((id) => statusOf(t.db, id))).toEqual(['succeeded', 'succeeded', 'failed'])
      })
      expect(t.db.prepare('SELECT count(*) FROM payouts WHERE next_check_at IS NOT NULL').pluck().get()).toBe(
        0,
      )
      expect(t.db.prepare('SELECT count(*) FROM payouts WHERE last_checked_at IS NULL').pluck().get()).toBe(0)
    } finally {
      poller.stop()
    }
  })

  it('says when the gateway cannot be reached and recovers when it answers again', async () => {
    const id = draftPayout(t.db, { profileId: t.bluepay.id, amountMinor: 100, fields: fieldsFor(t.bluepay) })
    await t.engine.send(id)
    const statuses: boolean[] = []
    const poller = createPoller({ db: t.db, engine: t.engine, onStatus: (s) => statuses.push(s.online) })
    t.sandbox.faults.add({ mode: 'drop-before', endpoint: 'query' })
    await poller.refreshNow([id])
    expect(poller.status()).toMatchObject({
      online: false,
      message: expect.stringMatching(/cannot be reached/) as unknown,
    })
    const backoff = t.db.prepare('SELECT check_failures FROM payouts WHERE id = ?').pluck().get(id)
    expect(backoff).toBe(1)
    await eventually(async () => {
      await poller.refreshAllPending()
      expect(statusOf(t.db, id)).toBe('succeeded')
    })
    expect(poller.status().online).toBe(true)
    expect(statuses).toEqual([false, true])
  })
})

describe('callback listener', () => {
  it('applies gateway callbacks as they arrive, without any polling', async () => {
    const finals: string[] = []
    const engine = createEngine({
      db: t.db,
      resolveClient: t.resolveClient,
      onFinal: (id, s) => finals.push(`${id}:${s}`),
    })
    const listener = await startCallbackListener({ engine })
    try {
      const withCallbacks = engineOn(t.dir, t.sandbox, { callbackBaseUrl: listener.url })
      const id = draftPayout(t.db, {
        profileId: t.vexora.id,
        amountMinor: 25_000,
        fields: fieldsFor(t.vexora),
      })
      await withCallbacks.engine.send(id)
      const sent = JSON.parse(
        t.db
          .prepare("SELECT detail_json FROM payout_events WHERE payout_id = ? AND kind = 'create'")
          .pluck()
          .get(id) as string,
      ) as { exchange: { request: { body: string } } }
      expect(JSON.parse(sent.exchange.request.body)).toMatchObject({
        notifyUrl: `${listener.url}/${t.vexora.id}`,
      })
      await eventually(() => expect(statusOf(t.db, id)).toBe('succeeded'))
      expect(finals).toEqual([`${id}:succeeded`])
      expect(
        t.db
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
    const listener = await startCallbackListener({ engine: t.engine, maxBodyBytes: 1024 })
    try {
      const post = (path: string, body: string, method = 'POST') =>
        fetch(`${listener.url.replace('/callbacks', '')}${path}`, {
          method,
          body: method === 'GET' ? null : body,
          headers: { 'content-type': 'application/json' },
        })
      expect((await post('/other', '{}')).status).toBe(404)
      expect((await post(`/callbacks/${t.vexora.id}`, '', 'GET')).status).toBe(404)
      expect((await post(`/callbacks/${t.vexora.id}`, 'x'.repeat(5_000))).status).toBe(413)
      const forged = await post(
        `/callbacks/${t.vexora.id}`,
        JSON.stringify({ tradeNo: 'X', status: '0000', sign: '0'.repeat(32) }),
      )
      expect(forged.status).toBe(400)
      expect(await forged.text()).toBe('FAIL')
      expect(t.db.prepare('SELECT reason FROM callback_rejections').pluck().all()).toEqual(['bad_signature'])
    } finally {
      await listener.close()
    }
  })
})

describe('balance', () => {
  it('is fetched, cached with its time, and kept when a later fetch fails', async () => {
    expect(cachedBalance(t.db, t.bluepay.id)).toBeNull()
    const first = await refreshBalance(t.db, t.resolveClient, t.bluepay.id)
    expect(first).toMatchObject({ problem: null, balance: { currency: 'THB' } })
    expect(cachedBalance(t.db, t.bluepay.id)).toEqual(first.balance)
    t.sandbox.faults.add({ mode: 'http-502', endpoint: 'balance' })
    const second = await refreshBalance(t.db, t.resolveClient, t.bluepay.id)
    expect(second).toEqual({
      balance: first.balance,
      problem: { key: 'gwHttpError', params: { gateway: 'BluePay', status: 502 } },
    })
  })
})
