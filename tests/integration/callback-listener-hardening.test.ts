import { createHash } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../electron/ledger/migrations/index.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { readListenerSetting } from '../../electron/ledger/settings-repo.ts'
import { startCallbackListener } from '../../electron/payouts/callback-listener.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { recordCallbackRejection } from '../../electron/ledger/payout-store.ts'
import { REJECTIONS_KEPT, REJECTION_PREFIX_CHARS } from '../../electron/ledger/rejection-limits.ts'
import { vexoraSign } from '../../electron/providers/vexora/sign.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { dispatch } from '../../electron/ipc/dispatch.ts'
import { fieldsFor, sandboxEngineSuite, statusOf } from '../support/engine-harness.ts'
import { eventually } from '../support/eventually.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const t = sandboxEngineSuite({ settleAfterMs: 60_000, callbackRetryDelaysMs: [] })

const rejections = () =>
  t.db.prepare('SELECT reason, body_prefix, body_sha256, body_bytes FROM callback_rejections').all() as {
    reason: string
    body_prefix: string
    body_sha256: string
    body_bytes: number
  }[]

const JSON_TYPE = { 'content-type': 'application/json' }

/** A Vexora callback for payout `id` as the gateway signs it, with this timestamp. */
function signedVexora(id: string, timestamp: number | null, extra: Record<string, string> = {}): string {
  const reference = t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
  const order = t.sandbox.book.get('vexora', 'id', reference)
  const fields: Record<string, string> = {
    platFormTradeNo: order?.gatewayId ?? '',
    tradeNo: reference,
    amount: String(order?.amountMinor ?? 0),
    status: '0000',
    message: 'SUCCESS',
    ...(timestamp === null ? {} : { timestamp: String(timestamp) }),
    ...extra,
  }
  return JSON.stringify({ ...fields, sign: vexoraSign(fields, t.sandbox.credentials.vexora.secret) })
}

const forged = (n = 0) =>
  JSON.stringify({ tradeNo: `X${n}`, status: '0000', pad: 'p'.repeat(60_000), sign: '0'.repeat(32) })

/** Resolves when the server closes `socket` (a test timeout if it never does). */
const closedByServer = (socket: Socket) =>
  new Promise<void>((resolve) => socket.once('close', () => resolve()))

function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    // Reading (and dropping) what arrives, so the server's close is seen.
    const socket = connect(Number(port), hostname, () => resolve(socket.resume()))
    socket.once('error', reject)
  })
}

describe('refused callbacks in the ledger', () => {
  it('keep only a digest, the size and a short prefix of the body', async () => {
    const listener = await startCallbackListener({ engine: t.engine })
    try {
      const body = forged()
      const reply = await fetch(`${listener.url}/${t.vexora.id}`, {
        method: 'POST',
        body,
        headers: JSON_TYPE,
      })
      expect(reply.status).toBe(400)
    } finally {
      await listener.close()
    }
    const [row] = rejections()
    expect(row).toEqual({
      reason: 'bad_signature',
      body_prefix: forged().slice(0, REJECTION_PREFIX_CHARS),
      body_sha256: createHash('sha256').update(forged()).digest('hex'),
      body_bytes: Buffer.byteLength(forged()),
    })
  })

  it('are capped: the oldest go as new ones arrive', () => {
    t.db.transaction(() => {
      for (let i = 0; i < REJECTIONS_KEPT + 50; i += 1)
        recordCallbackRejection(t.db, t.vexora.id, 'bad_signature', 'test', forged(i), i)
    })()
    const kept = t.db.prepare('SELECT min(at) AS oldest, count(*) AS n FROM callback_rejections').get()
    expect(kept).toEqual({ oldest: 50, n: REJECTIONS_KEPT })
    const bytes = t.db.prepare('SELECT sum(length(body_prefix)) FROM callback_rejections').pluck().get()
    expect(bytes).toBeLessThanOrEqual(REJECTIONS_KEPT * REJECTION_PREFIX_CHARS)
  })

  it('an older ledger is upgraded: its stored bodies are digested and trimmed', () => {
    const tmp = makeTempDir()
    try {
      const file = join(tmp.dir, 'ledger.sqlite3')
      const old = openLedger(file, MIGRATIONS.slice(0, 4))
      const body = 'b'.repeat(64 * 1024)
      old
        .prepare("INSERT INTO callback_rejections (at, reason, detail, body) VALUES (1, 'malformed', '', ?)")
        .run(body)
      old.close()
      const db = openLedger(file)
      try {
        expect(
          db.prepare('SELECT body_prefix, body_sha256, body_bytes FROM callback_rejections').get(),
        ).toEqual({
          body_prefix: body.slice(0, REJECTION_PREFIX_CHARS),
          body_sha256: createHash('sha256').update(body).digest('hex'),
          body_bytes: body.length,
        })
      } finally {
        db.close()
      }
    } finally {
      tmp.cleanup()
    }
  })
})

describe('the callback listener under load', () => {
  it('writes refused bodies within one overall budget, however many sources they claim, and still takes a real callback', async () => {
    const listener = await startCallbackListener({ engine: t.engine, limits: { maxRefused: 3 } })
    try {
      const id = draftPayout(t.db, {
        profileId: t.vexora.id,
        amountMinor: 26_000,
        fields: fieldsFor(t.vexora),
      })
      await t.engine.send(id)
      const post = (body: string, from: string) =>
        fetch(`${listener.url}/${t.vexora.id}`, {
          method: 'POST',
          body,
          headers: { ...JSON_TYPE, 'x-forwarded-for': from },
        }).then((r) => r.status)
      const statuses: number[] = []
      // Each forged body claims a new sender: a per-source budget would write every one of them.
      for (let i = 0; i < 40; i += 1) statuses.push(await post(forged(i), `198.51.100.${i}`))
      expect(new Set(statuses)).toEqual(new Set([400]))
      expect(rejections()).toHaveLength(3)
      // The gateway's own callback, from the same loopback tunnel, is verified and taken.
      expect(await post(signedVexora(id, Date.now()), '203.0.113.1')).toBe(200)
      await eventually(() => expect(statusOf(t.db, id)).toBe('succeeded'))
    } finally {
      await listener.close()
    }
  })

  it('refuses what a browser sends (Origin, Sec-Fetch-*) and what is not JSON before anything is written, and a flood of them turns no callback away', async () => {
    const listener = await startCallbackListener({ engine: t.engine, limits: { maxRequests: 10 } })
    try {
      const id = draftPayout(t.db, {
        profileId: t.vexora.id,
        amountMinor: 27_000,
        fields: fieldsFor(t.vexora),
      })
      await t.engine.send(id)
      const post = (headers: Record<string, string>, body = forged()) =>
        fetch(`${listener.url}/${t.vexora.id}`, { method: 'POST', body, headers }).then((r) => r.status)
      const page = { 'content-type': 'text/plain', origin: 'https://evil.example' }
      for (let i = 0; i < 20; i += 1) expect(await post(page)).toBe(403)
      expect(await post({ ...JSON_TYPE, 'sec-fetch-site': 'cross-site' })).toBe(403)
      expect(await post({ 'content-type': 'text/plain' })).toBe(415)
      expect(await post({ 'content-type': 'application/x-www-form-urlencoded' })).toBe(415)
      expect(rejections()).toEqual([])
      expect(await post(JSON_TYPE, signedVexora(id, Date.now()))).toBe(200)
      await eventually(() => expect(statusOf(t.db, id)).toBe('succeeded'))
    } finally {
      await listener.close()
    }
  })

  it("reads X-Forwarded-For only behind the person's proxy", async () => {
    const post = (url: string, from: string) =>
      fetch(`${url}/${t.vexora.id}`, {
        method: 'POST',
        body: forged(),
        headers: { ...JSON_TYPE, 'x-forwarded-for': from },
      }).then((r) => r.status)
    // One request per source a window: a new X-Forwarded-For is a new source only behind a proxy.
    const direct = await startCallbackListener({ engine: t.engine, limits: { maxRequests: 1 } })
    try {
      expect([await post(direct.url, '198.51.100.1'), await post(direct.url, '198.51.100.2')]).toEqual([
        400, 429,
      ])
    } finally {
      await direct.close()
    }
    const proxied = await startCallbackListener({
      engine: t.engine,
      limits: { maxRequests: 1 },
      trustForwardedFor: true,
    })
    try {
      expect([await post(proxied.url, '198.51.100.1'), await post(proxied.url, '198.51.100.2')]).toEqual([
        400, 400,
      ])
    } finally {
      await proxied.close()
    }
  })

  it('cuts off a request whose headers never finish (slowloris)', async () => {
    const listener = await startCallbackListener({ engine: t.engine, requestTimeoutMs: 300 })
    try {
      const socket = await openSocket(listener.url)
      const closed = closedByServer(socket)
      socket.write(`POST /callbacks/${t.vexora.id} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1`)
      await closed
    } finally {
      await listener.close()
    }
  })

  it('holds at most maxConnections sockets at once', async () => {
    const listener = await startCallbackListener({ engine: t.engine, maxConnections: 2 })
    const sockets: Socket[] = []
    try {
      sockets.push(await openSocket(listener.url), await openSocket(listener.url))
      const third = await openSocket(listener.url)
      sockets.push(third)
      await closedByServer(third)
      expect(sockets[0]?.destroyed).toBe(false)
    } finally {
      for (const s of sockets) s.destroy()
      await listener.close()
    }
  })
})

describe('Vexora callback timestamps', () => {
  it('refuse a correctly signed callback more than a day old, and take a fresh one', async () => {
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 25_000, fields: fieldsFor(t.vexora) })
    await t.engine.send(id)
    const reference = t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
    const order = t.sandbox.book.get('vexora', 'id', reference)
    const signed = (timestamp: number) => {
      const fields = {
        platFormTradeNo: order?.gatewayId ?? '',
        tradeNo: reference,
        amount: '25000',
        status: '0000',
        message: 'SUCCESS',
        timestamp: String(timestamp),
      }
      return JSON.stringify({ ...fields, sign: vexoraSign(fields, t.sandbox.credentials.vexora.secret) })
    }
    const listener = await startCallbackListener({ engine: t.engine })
    try {
      const post = (body: string) =>
        fetch(`${listener.url}/${t.vexora.id}`, { method: 'POST', body, headers: JSON_TYPE })
      const old = await post(signed(Date.now() - 2 * 24 * 60 * 60_000))
      expect([old.status, await old.text()]).toEqual([400, 'FAIL'])
      const ahead = await post(signed(Date.now() + 60 * 60_000))
      expect(ahead.status).toBe(400)
      expect(rejections().map((r) => r.reason)).toEqual(['stale_timestamp', 'stale_timestamp'])
      expect(statusOf(t.db, id)).toBe('processing')
      const fresh = await post(signed(Date.now()))
      expect(fresh.status).toBe(200)
      await eventually(() => expect(statusOf(t.db, id)).toBe('succeeded'))
    } finally {
      await listener.close()
    }
  })

  it('refuse a callback with no timestamp, and one with a timestamp folded into another field', async () => {
    const id = draftPayout(t.db, { profileId: t.vexora.id, amountMinor: 28_000, fields: fieldsFor(t.vexora) })
    await t.engine.send(id)
    const listener = await startCallbackListener({ engine: t.engine })
    try {
      const post = (body: string) =>
        fetch(`${listener.url}/${t.vexora.id}`, { method: 'POST', body, headers: JSON_TYPE })
      expect((await post(signedVexora(id, null))).status).toBe(400)
      // Signed as "...message=SUCCESStimestamp=<3 days ago>timestamp=<now>": the old callback's stamp
      // rides inside `message`, and a fresh one is added; the sign still matches.
      const old = Date.now() - 3 * 24 * 60 * 60_000
      expect((await post(signedVexora(id, Date.now(), { message: `SUCCESStimestamp=${old}` }))).status).toBe(
        400,
      )
      expect(rejections().map((r) => r.reason)).toEqual(['stale_timestamp', 'malformed'])
      expect(statusOf(t.db, id)).toBe('processing')
    } finally {
      await listener.close()
    }
  })
})

describe('replayed callbacks', () => {
  it.each(['vexora', 'bluepay'] as const)(
    '%s: the same callback again changes nothing and is answered as the gateway expects',
    async (provider) => {
      const profile = provider === 'vexora' ? t.vexora : t.bluepay
      const id = draftPayout(t.db, { profileId: profile.id, amountMinor: 29_000, fields: fieldsFor(profile) })
      await t.engine.send(id)
      const reference = t.db.prepare('SELECT reference FROM payouts WHERE id = ?').pluck().get(id) as string
      const order = t.sandbox.book.get(provider, provider === 'vexora' ? 'id' : 'th', reference)
      if (!order) throw new Error('no order')
      const body = callbackBody(t.sandbox.context, order, 'succeeded')
      const first = await t.engine.applyCallback(profile.id, body)
      const events = () =>
        t.db.prepare('SELECT count(*) FROM payout_events WHERE payout_id = ?').pluck().get(id) as number
      const after = events()
      for (let i = 0; i < 3; i += 1) expect(await t.engine.applyCallback(profile.id, body)).toEqual(first)
      expect(events()).toBe(after)
      expect(statusOf(t.db, id)).toBe('succeeded')
    },
  )
})

describe('where the listener may listen', () => {
  it('loopback only, from the window (nothing saved) and from the command line', async () => {
    const tmp = makeTempDir()
    const services = await createServices({ appVersion: 't', dataDir: tmp.dir, sandbox: false, poll: false })
    try {
      const handlers = createHandlers(services, () => undefined)
      for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.com']) {
        const result = await dispatch(
          handlers,
          'setCallbackListener',
          { enabled: true, host },
          () => undefined,
        )
        expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
        expect(!result.ok && result.message).toMatch(/reverse proxy or tunnel/)
      }
      expect(readListenerSetting(services.ledger)).toEqual({
        enabled: false,
        host: '127.0.0.1',
        port: 0,
        behindProxy: false,
      })
      expect(services.listener()).toBeNull()
      await expect(startCallbackListener({ engine: services.engine, host: '0.0.0.0' })).rejects.toThrow(
        /reverse proxy or tunnel/,
      )
      const ok = await dispatch(
        handlers,
        'setCallbackListener',
        { enabled: true, host: '::1' },
        () => undefined,
      )
      expect(ok).toMatchObject({
        ok: true,
        value: { url: expect.stringMatching(/^http:\/\/\[::1\]:\d+\/callbacks$/) as unknown },
      })
    } finally {
      await services.close()
    }
    const cli = await runCli([
      '--data-dir',
      tmp.dir,
      'listen',
      '--profile',
      'Vexora sandbox (Indonesia)',
      '--host',
      '0.0.0.0',
    ])
    expect(cli.code).toBe(2)
    expect(cli.stderr).toMatch(/reverse proxy or tunnel/)
    tmp.cleanup()
  })
})
