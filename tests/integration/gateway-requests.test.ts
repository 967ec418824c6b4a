import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../electron/errors.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { addVexoraProfile, runCli } from '../support/run-cli.ts'
import { bluepayClient, idrFields, thbBankFields, vexoraClient } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/**
 * What a request to a gateway may and may not do (electron/providers/http.ts): it never follows a
 * redirect, which would carry the signed body, the account and the merchant number to an address the
 * profile does not name; and a connection refused before a byte was sent means the payout was not sent,
 * never "in doubt".
 */
const tmp = makeTempDir('payout-desk-gateway-requests-')
let sandbox: Sandbox
let elsewhere: Server
let elsewhereHits = 0
let redirector: Server
let redirectorUrl = ''
let closedPort = 0

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  )

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 0, callbackRetryDelaysMs: [] })
  // Where a redirect points: it answers like a gateway that took the payout, to catch a client that follows.
  elsewhere = createServer((req, res) => {
    elsewhereHits++
    req.resume()
    res.setHeader('content-type', 'application/json')
    res.end('{"code":"0000","msg":"ok","data":{"status":"0000","platFormTradeNo":"X1"}}')
  })
  const elsewherePort = await listen(elsewhere)
  redirector = createServer((req, res) => {
    req.resume()
    res.statusCode = 302
    res.setHeader('location', `http://127.0.0.1:${elsewherePort}${req.url ?? '/'}`)
    res.end()
  })
  redirectorUrl = `http://127.0.0.1:${await listen(redirector)}`
  const closed = createServer()
  closedPort = await listen(closed)
  await new Promise((resolve) => closed.close(resolve))
})

afterAll(async () => {
  await sandbox.close()
  elsewhere.close()
  redirector.close()
  tmp.cleanup()
})

const payout = (reference: string) => ({
  reference,
  amountMinor: 150_000,
  currency: 'IDR' as const,
  fields: idrFields(),
})

describe('requests to a gateway', { timeout: 60_000 }, () => {
  it('do not follow a redirect: a create stays in doubt and says why, a check is inconclusive', async () => {
    const client = vexoraClient(sandbox, { baseUrl: `${redirectorUrl}/vexora/id` })
    const created = await client.create(payout('REDIRECT0001'))
    expect(created.kind).toBe('unknown')
    expect(created).toMatchObject({ gatewayCode: 'HTTP 302' })
    if (created.kind === 'unknown')
      expect(created.message).toMatch(/redirect to http:\/\/127\.0\.0\.1:\d+.*does not follow redirects/)
    // The audit trail holds the address actually asked, and its answer.
    expect(created.exchange.request.url.startsWith(redirectorUrl)).toBe(true)
    expect(created.exchange.response?.status).toBe(302)
    const checked = await client.query('REDIRECT0001')
    expect(checked.kind).toBe('inconclusive')
    const bluepay = bluepayClient(sandbox, { baseUrl: `${redirectorUrl}/bluepay` })
    const thb = {
      reference: 'REDIRECT0002',
      amountMinor: 10_000,
      currency: 'THB' as const,
      fields: thbBankFields(),
    }
    expect((await bluepay.create(thb)).kind).toBe('unknown')
    expect(elsewhereHits).toBe(0)
  })

  it('that could not connect were not sent: refused as UNREACHABLE, not in doubt', async () => {
    for (const client of [
      vexoraClient(sandbox, { baseUrl: `http://127.0.0.1:${closedPort}/vexora/id` }),
      vexoraClient(sandbox, { baseUrl: 'http://no-such-gateway.invalid/vexora/id' }),
    ]) {
      const error = await client.create(payout('NOTSENT0001')).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('UNREACHABLE')
      expect((error as AppError).message).toMatch(/could not be reached .* nothing was sent/)
    }
  })

  it('leave a payout queued, not in doubt, when `send` cannot reach the gateway, and exit 1', async () => {
    const dataDir = join(tmp.dir, 'data')
    await addVexoraProfile(dataDir, 'Closed', `http://127.0.0.1:${closedPort}/vexora/id`)
    const file = join(tmp.dir, 'one.csv')
    writeFileSync(
      file,
      'bankCode,bankAccountNo,customerName,mobile,email,amount\n0002,1234567890,Budi,081234567890,b@example.com,150000\n',
    )
    const sent = await runCli(['send', '--profile', 'Closed', '--file', file, '--yes', '--data-dir', dataDir])
    expect(sent.code).toBe(1)
    expect(sent.stdout).toMatch(/0 payouts sent/)
    expect(sent.stderr).toMatch(/could not be reached .* nothing was sent/)
    expect(sent.stderr).toMatch(/payout-desk resume/)
    const db = openLedger(join(dataDir, 'ledger.sqlite3'))
    try {
      const row = db.prepare('SELECT status, attempts, next_check_at FROM payouts').get() as {
        status: string
        attempts: number
        next_check_at: number | null
      }
      // Queued, as if never tried: the next send is a first attempt, not a re-send.
      expect(row).toEqual({ status: 'queued', attempts: 0, next_check_at: null })
    } finally {
      db.close()
    }
  })
})
