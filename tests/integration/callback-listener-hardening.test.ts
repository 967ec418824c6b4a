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
      const reply = await fetch(`${listener.url}/${t.vexora.id}`, { method: 'POST', body })
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
  it('turns a source away after too many refused bodies; other sources still get through', async () => {
    const listener = await startCallbackListener({ engine: t.engine, limits: { maxRefused: 3 } })
    try {
      const post = (from?: string) =>
        fetch(`${listener.url}/${t.vexora.id}`, {
          method: 'POST',
          body: forged(),
          headers: from ? { 'x-forwarded-for': `203.0.113.9, ${from}` } : {},
        }).then((r) => r.status)
      const statuses: number[] = []
      for (let i = 0; i < 6; i += 1) statuses.push(await post())
      expect(statuses).toEqual([400, 400, 400, 429, 429, 429])
      expect(rejections()).toHaveLength(3)
      // Behind the person's proxy, the address the proxy saw (the last one it appended) is the source.
      expect(await post('198.51.100.7')).toBe(400)
      expect(rejections()).toHaveLength(4)
    } finally {
      await listener.close()
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
      const post = (body: string) => fetch(`${listener.url}/${t.vexora.id}`, { method: 'POST', body })
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
      expect(readListenerSetting(services.ledger)).toEqual({ enabled: false, host: '127.0.0.1', port: 0 })
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
