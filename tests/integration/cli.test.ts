import ExcelJS from 'exceljs'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { parsePublicKey, verifyParam } from '../../electron/providers/bluepay/sign.ts'
import { callbackBody } from '../../electron/sandbox/callbacks.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { eventually } from '../support/eventually.ts'
import { runCli, startCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-')
const dir = (name: string) => join(tmp.dir, name)
const data = ['--data-dir', dir('data')]
const V = 'CLI Vexora'
const B = 'CLI BluePay'

function csv(name: string, rows: string[][]): string {
  const path = dir(name)
  writeFileSync(
    path,
    rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n'),
  )
  return path
}

const vexoraRows = (n: number, start = 0) =>
  Array.from({ length: n }, (_, i) => [
    `Person ${start + i}`,
    `00${77001 + start + i}`,
    '0002',
    '081234567890',
    'p@example.com',
    `${20_000 + start + i}`,
  ])

function ledgerRows() {
  const db = openLedger(join(dir('data'), 'ledger.sqlite3'))
  try {
    return db.prepare('SELECT reference, status, batch_id AS batch FROM payouts').all() as {
      reference: string
      status: string
      batch: string
    }[]
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 200, callbackRetryDelaysMs: [] })
  writeFileSync(dir('merchant.pem'), sandbox.credentials.bluepay.merchantPrivateKeyPem)
  writeFileSync(dir('bluepay.pub'), sandbox.credentials.bluepay.bluepayPublicKeyPem)
})
afterAll(async () => {
  await runCli([...data, 'profile', 'remove', V])
  await runCli([...data, 'profile', 'remove', B])
  await sandbox.close()
  tmp.cleanup()
})

describe('payout-desk CLI', () => {
  it('answers usage mistakes with exit 2 and one line on stderr', async () => {
    for (const args of [
      [],
      ['bogus'],
      ['list', '--wat'],
      ['send', ...data, '--file', 'x.csv'],
      ['sign', '--provider', 'x'],
    ]) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(2)
      if (args.length) expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
  })

  it('adds profiles with their secrets in the keychain, lists and resolves them', async () => {
    const v = await runCli(
      [
        ...data,
        'profile',
        'add',
        '--name',
        V,
        '--provider',
        'vexora',
        '--base-url',
        sandbox.vexoraBaseUrl('id'),
        '--merchant-no',
        sandbox.credentials.vexora.merchantNo,
        '--notify-url',
        'http://127.0.0.1:9/none',
        '--secret-stdin',
      ],
      `${sandbox.credentials.vexora.secret}\n`,
    )
    expect(v.code, v.stderr).toBe(0)
    expect(v.stdout).toMatch(/fingerprint [0-9a-f ]{19}/)
    const b = await runCli([
      ...data,
      'profile',
      'add',
      '--name',
      B,
      '--provider',
      'bluepay',
      '--base-url',
      sandbox.bluepayBaseUrl,
      '--app-id',
      sandbox.credentials.bluepay.appId,
      '--private-key-file',
      dir('merchant.pem'),
      '--gateway-public-key-file',
      dir('bluepay.pub'),
    ])
    expect(b.code, b.stderr).toBe(0)
    const list = JSON.parse((await runCli([...data, 'profile', 'list', '--json'])).stdout) as {
      name: string
      builtin: boolean
    }[]
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining([V, B, 'Vexora sandbox (Indonesia)']))
    const db = openLedger(join(dir('data'), 'ledger.sqlite3'))
    const id = db.prepare('SELECT id FROM profiles WHERE name = ?').pluck().get(V) as string
    db.close()
    expect(await createKeychainSecretStore().reveal(id)).toBe(sandbox.credentials.vexora.secret)
    expect(
      readFileSync(join(dir('data'), 'ledger.sqlite3')).includes(
        Buffer.from(sandbox.credentials.vexora.secret),
      ),
    ).toBe(false)
  })

  it('sends a CSV after validating it, refuses bad rows and the same file twice, then refreshes, lists and exports', async () => {
    const header = ['name', 'account number', 'bank code', 'mobile', 'email', 'amount']
    const rows = [
      ...vexoraRows(8),
      ['=HYPERLINK("http://x","click")', '0012345000', '0002', '081234567890', 'h@example.com', '15,000'],
      ['Bad Mobile', '123', '0002', '12', 'b@example.com', '20000'],
      ['Person 0', '0077001', '0002', '081234567890', 'p@example.com', '20000'],
    ]
    const file = csv('july.csv', [header, ...rows])
    const refused = await runCli([...data, 'send', '--profile', V, '--file', file, '--yes'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('line 11: mobile is not valid')
    expect(refused.stderr).toContain('line 12: REPEATED: same account and amount as line 2')
    expect(ledgerRows()).toHaveLength(0)

    // The repeat of line 2 is meant here: the person names it.
    const sent = await runCli([
      ...data,
      'send',
      '--profile',
      V,
      '--file',
      file,
      '--yes',
      '--skip-invalid',
      '--accept-duplicates',
    ])
    expect(sent.code, sent.stderr).toBe(0)
    expect(sent.stderr).toContain(
      'line 12: REPEATED: same account and amount as line 2 (accepted: --accept-duplicates)',
    )
    expect(sent.stdout).toContain('10 payouts ready, 1 with errors; total IDR 195,028')
    expect(ledgerRows()).toHaveLength(10)
    const again = await runCli([...data, 'send', '--profile', V, '--file', file, '--yes', '--skip-invalid'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already imported.*--accept-repeat-file/)
    // The flag the person used for one repeated row does not send the whole file again.
    const rowFlagOnly = await runCli([
      ...data,
      'send',
      '--profile',
      V,
      '--file',
      file,
      '--yes',
      '--skip-invalid',
      '--accept-duplicates',
    ])
    expect(rowFlagOnly.code).toBe(1)
    expect(rowFlagOnly.stderr).toMatch(/already imported.*add --accept-repeat-file/)
    expect(ledgerRows()).toHaveLength(10)

    await eventually(async () => {
      const r = await runCli([...data, 'refresh', '--all'])
      expect(r.stdout).toMatch(/0 are not final yet/)
    }, 20_000)
    const listed = JSON.parse((await runCli([...data, 'list', '--profile', V, '--json'])).stdout) as Record<
      string,
      unknown
    >[]
    expect(listed).toHaveLength(10)
    expect(Object.keys(listed[0] ?? {})).toEqual(
      expect.arrayContaining([
        'reference',
        'gatewayId',
        'profile',
        'provider',
        'status',
        'gatewayStatus',
        'amountMinor',
        'currency',
        'batch',
        'createdAt',
        'updatedAt',
      ]),
    )
    expect(listed.filter((r) => r.status === 'failed')).toHaveLength(1)
    expect(listed.filter((r) => r.status === 'succeeded')).toHaveLength(9)
    // The listing for people uses the window's status words, as one word each.
    const lines = (await runCli([...data, 'list', '--profile', V])).stdout.split('\n')
    expect(lines.filter((line) => /\ssucceeded\s/.test(line))).toHaveLength(9)
    expect(lines.filter((line) => /\sfailed\s/.test(line))).toHaveLength(1)

    const out = dir('export.csv')
    expect((await runCli([...data, 'export', '--out', out, '--status', 'failed'])).code).toBe(0)
    const exported = readFileSync(out, 'utf8')
    expect(exported).toContain(`"'=HYPERLINK(""http://x"",""click"")"`)
    expect(exported.split('\n').filter(Boolean)).toHaveLength(2)

    const balance = JSON.parse((await runCli([...data, 'balance', '--profile', V, '--json'])).stdout) as {
      availableMinor: number
      currency: string
    }
    expect(balance).toMatchObject({ currency: 'IDR', fresh: true })
  }, 60_000)

  it("writes a profile's import template with the gateway's columns, identifiers as Text, and never overwrites a file", async () => {
    const out = dir('template.xlsx')
    const made = await runCli([...data, 'template', '--profile', V, '--out', out])
    expect(made.code, made.stderr).toBe(0)
    expect(made.stdout).toContain(
      'amount, reference (optional), bankCode, bankAccountNo, customerName, mobile, email, remark (optional)',
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    expect((sheet?.getRow(1).values as unknown[]).slice(1)).toEqual([
      'amount',
      'reference',
      'bankCode',
      'bankAccountNo',
      'customerName',
      'mobile',
      'email',
      'remark',
    ])
    // Identifier columns are Text, so typed zeros stay.
    expect(sheet?.getColumn(4).numFmt).toBe('@')
    const again = await runCli([...data, 'template', '--profile', V, '--out', out])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
  })

  it('removes a profile, but keeps one that has payouts in the ledger', async () => {
    const added = await runCli([
      ...data,
      'profile',
      'add',
      '--name',
      'Spare',
      '--provider',
      'vexora',
      '--base-url',
      'https://gw.example/id',
      '--merchant-no',
      '7',
      '--notify-url',
      'https://hooks.example/spare',
    ])
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain('has none yet')
    const removed = await runCli([...data, 'profile', 'remove', 'Spare'])
    expect(removed.code).toBe(0)
    const names = (
      JSON.parse((await runCli([...data, 'profile', 'list', '--json'])).stdout) as { name: string }[]
    ).map((p) => p.name)
    expect(names).not.toContain('Spare')
    const kept = await runCli([...data, 'profile', 'remove', V])
    expect(kept.code).toBe(1)
    expect(kept.stderr).toMatch(/has \d+ payouts? in the ledger; it is kept/)
    expect((await runCli([...data, 'profile', 'remove', 'Nobody'])).stderr).toMatch(
      /No profile named "Nobody"/,
    )
  })

  it('signs for support without ever printing the secret', async () => {
    const vexora = await runCli(
      ['sign', '--provider', 'vexora', '--secret-stdin'],
      'dbecac55466b4958a2d06069fcf49e18\n{"tradeNo":"test_00000002","timestamp":1728613320708}',
    )
    expect(vexora.stdout).toBe(
      'sign: bf0e0b049174b1fbc55e851ba47ad860\nstring: timestamp=1728613320708tradeNo=test_00000002<secret>\n',
    )
    const param = '{"mchOrderId":"X1234567890","timestamp":1}'
    const bluepay = await runCli(
      ['sign', '--provider', 'bluepay', '--private-key-file', dir('merchant.pem')],
      param,
    )
    expect(
      verifyParam(param, bluepay.stdout.trim(), parsePublicKey(readFileSync(dir('bluepay.pub'), 'utf8'))),
    ).toBe(false)
    const merchantPublic = parsePublicKey(
      sandbox.context.bluepay.merchantPublicKey.export({ type: 'spki', format: 'pem' }).toString(),
    )
    expect(verifyParam(param, bluepay.stdout.trim(), merchantPublic)).toBe(true)
  })

  it('survives SIGKILL during send: resume --all and refresh --all end with every CSV row paid exactly once', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [
      `CLIREF${String(i).padStart(6, '0')}`,
      'BANK',
      'KBANK',
      `8${String(100000 + i)}1`,
      `Name ${i}`,
      'INDIVIDUAL',
      '1234567890123',
      '0812345678',
      `${i + 1}.00`,
    ])
    const file = csv('big.csv', [
      [
        'reference',
        'payMethodCode',
        'transferCode',
        'accountNo',
        'accountName',
        'accountType',
        'accountTaxId',
        'mobile',
        'amount',
      ],
      ...rows,
    ])
    const run = startCli([...data, 'send', '--profile', B, '--file', file, '--yes', '--concurrency', '2'])
    await eventually(() => expect(run.stdout()).toContain('Sending'), 20_000, 10)
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 300))
    run.child.kill('SIGKILL')
    expect((await run.done).signal).toBe('SIGKILL')
    const mid = ledgerRows().filter((r) => r.reference.startsWith('CLIREF'))
    expect(mid).toHaveLength(300)
    expect(mid.some((r) => r.status === 'queued')).toBe(true)

    const resumed = await runCli([...data, 'resume', '--all'])
    expect(resumed.code, resumed.stderr).toBe(0)
    // What reached BluePay is paid; what the kill stopped before it left stays in doubt for the settle
    // period (BluePay's "not found" may only mean "not yet"), and is never sent a second time meanwhile.
    const atGateway = (reference: string) => sandbox.book.get('bluepay', 'th', reference) !== undefined
    await eventually(async () => {
      await runCli([...data, 'refresh', '--all'])
      const final = ledgerRows().filter((r) => r.reference.startsWith('CLIREF'))
      for (const r of final) expect(r.status).toBe(atGateway(r.reference) ? 'succeeded' : 'unknown')
    }, 30_000)
    expect(ledgerRows().filter((r) => r.status === 'succeeded').length).toBeGreaterThan(250)
    for (const [reference] of rows) {
      expect(sandbox.book.createAttempts('bluepay', 'th', reference ?? ''), reference).toBeLessThanOrEqual(1)
    }
  }, 90_000)

  it('stops on Ctrl-C during send without losing anything, and says how to resume', async () => {
    const file = csv('ctrlc.csv', [
      ['name', 'account', 'bank', 'mobile', 'email', 'amount'],
      ...vexoraRows(150, 1_000),
    ])
    const before = new Set(ledgerRows().map((r) => r.batch))
    const run = startCli([
      ...data,
      'send',
      '--profile',
      V,
      '--file',
      file,
      '--yes',
      '--concurrency',
      '1',
      '--json',
    ])
    // Stopped once some payouts have left: what left is reported as sent, so a script does not send it again.
    await eventually(
      () => expect(ledgerRows().some((r) => !before.has(r.batch) && r.status !== 'queued')).toBe(true),
      20_000,
      10,
    )
    run.child.kill('SIGINT')
    const result = await run.done
    expect(result.code).toBe(1)
    const reported = JSON.parse(result.stdout) as { stopped: boolean; sent: number; total: number }
    const left = ledgerRows().filter((r) => !before.has(r.batch) && r.status !== 'queued').length
    expect(reported).toMatchObject({ stopped: true, total: 150, sent: left })
    expect(left).toBeGreaterThan(0)
    const batch = /payout-desk resume ([0-9a-f]{8})\b/.exec(result.stderr)?.[1]
    expect(batch, result.stderr).toBeDefined()
    const rows = ledgerRows().filter((r) => r.batch.startsWith(batch ?? '-'))
    expect(rows.filter((r) => r.status === 'queued').length).toBeGreaterThan(0)
    expect(rows.some((r) => r.status === 'submitting')).toBe(false)
    expect((await runCli([...data, 'resume', batch ?? ''])).code).toBe(0)
    expect(
      ledgerRows().filter((r) => r.batch.startsWith(batch ?? '-') && r.status === 'queued'),
    ).toHaveLength(0)
  }, 60_000)

  it('listens for callbacks in the foreground and applies them to the shared ledger', async () => {
    const db = openLedger(join(dir('data'), 'ledger.sqlite3'))
    const vProfile = db.prepare('SELECT id FROM profiles WHERE name = ?').pluck().get(V) as string
    const reference = db
      .prepare("SELECT reference FROM payouts WHERE profile_id = ? AND status = 'succeeded' LIMIT 1")
      .pluck()
      .get(vProfile) as string
    db.close()
    const order = sandbox.book.get('vexora', 'id', reference)
    if (!order) throw new Error('no order')
    const listen = startCli([...data, 'listen', '--profile', V, '--port', '0'])
    await eventually(
      () => expect(listen.stdout()).toMatch(/http:\/\/127\.0\.0\.1:\d+\/callbacks\/\S+/),
      20_000,
      10,
    )
    const url = /(http:\/\/127\.0\.0\.1:\d+\/callbacks\/\S+)/.exec(listen.stdout())?.[1] ?? ''
    const json = { 'content-type': 'application/json' }
    const reply = await fetch(url, {
      method: 'POST',
      body: callbackBody(sandbox.context, order),
      headers: json,
    })
    expect(await reply.text()).toBe('OK')
    const forged = await fetch(url, {
      method: 'POST',
      body: callbackBody(sandbox.context, order).replace('"0000"', '"00029"'),
      headers: json,
    })
    expect(forged.status).toBe(400)
    listen.child.kill('SIGINT')
    expect((await listen.done).code).toBe(0)
    const check = openLedger(join(dir('data'), 'ledger.sqlite3'))
    const events = check
      .prepare(
        "SELECT count(*) FROM payout_events e JOIN payouts p ON p.id = e.payout_id WHERE p.reference = ? AND e.kind = 'callback'",
      )
      .pluck()
      .get(reference)
    const rejected = check
      .prepare("SELECT count(*) FROM callback_rejections WHERE reason = 'bad_signature'")
      .pluck()
      .get()
    check.close()
    expect(events).toBe(1)
    expect(rejected).toBe(1)
  }, 30_000)

  it('runs the sandbox standalone and prints where it is', async () => {
    // Its own data folder: the sandbox records where it listens there, never in this user's real one.
    const run = startCli([
      '--data-dir',
      join(tmp.dir, 'standalone'),
      'sandbox',
      '--port',
      '0',
      '--provider',
      'bluepay',
    ])
    await eventually(() => expect(run.stdout()).toContain('Press Ctrl-C'), 20_000, 10)
    expect(run.stdout()).not.toContain('merchantNo')
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+)/.exec(run.stdout())?.[1] ?? ''
    expect((await fetch(`${url}/__sandbox/orders`)).status).toBe(200)
    run.child.kill('SIGINT')
    expect((await run.done).code).toBe(0)
  }, 30_000)
})
