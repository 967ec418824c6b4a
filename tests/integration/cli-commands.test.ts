import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { runCli } from '../support/run-cli.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'

// The commands a newcomer reaches for, against a sandbox whose payouts stay pending (nothing settles).
let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-commands-')
const dir = (name: string) => join(tmp.dir, name)
const data = ['--data-dir', dir('data')]
const V = 'Commands Vexora'
const B = 'Commands BluePay'
const header = ['reference', 'name', 'account number', 'bank code', 'mobile', 'email', 'amount']
// Each file pays its own accounts: a repeat of an earlier test's account and amount would be held back.
let files = 0
const vexoraCsv = (name: string, references: string[]) => {
  files++
  const rows = references.map((r, i) => [
    r,
    `Person ${files}-${i}`,
    `0099${files}0${i}1`,
    '0002',
    '081234567890',
    'p@example.com',
    '20000',
  ])
  writeFileSync(dir(name), [header, ...rows].map((r) => r.join(',')).join('\n'))
  return dir(name)
}

function withLedger<T>(work: (db: ReturnType<typeof openLedger>) => T): T {
  const db = openLedger(join(dir('data'), 'ledger.sqlite3'))
  try {
    return work(db)
  } finally {
    db.close()
  }
}
const profileId = (name: string) =>
  withLedger((db) => db.prepare('SELECT id FROM profiles WHERE name = ?').pluck().get(name) as string)
const payoutsOf = (name: string) =>
  withLedger(
    (db) =>
      db
        .prepare(
          'SELECT reference, status, batch_id AS batch FROM payouts WHERE profile_id = ? ORDER BY created_at',
        )
        .all(profileId(name)) as { reference: string; status: string; batch: string }[],
  )

/** A batch written the way an import writes it, but not sent: its payouts are queued. */
function queuedBatch(name: string, references: string[]): string {
  return withLedger((db) => {
    const id = profileId(name)
    const batchId = createBatch(db, id, null, null)
    draftPayouts(
      db,
      id,
      references.map((reference) => ({ reference, amountMinor: 20_000, fields: idrFields(), batchId })),
    )
    return batchId
  })
}

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 600_000, callbackRetryDelaysMs: [] })
  writeFileSync(dir('merchant.pem'), sandbox.credentials.bluepay.merchantPrivateKeyPem)
  const added = await runCli(
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
      '--secret-stdin',
    ],
    `${sandbox.credentials.vexora.secret}\n`,
  )
  expect(added.code, added.stderr).toBe(0)
  const bluepay = await runCli([
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
  ])
  expect(bluepay.code, bluepay.stderr).toBe(0)
}, 90_000)
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

// Each test runs several CLI processes one after another; a busy machine needs the time.
describe('payout-desk commands', { timeout: 90_000 }, () => {
  it('refuses to send with a Vexora profile that has no notify URL, and says how to add one; never calls queued "sent"', async () => {
    const file = vexoraCsv('no-notify.csv', ['NONOTIFY0001'])
    const refused = await runCli([...data, 'send', '--profile', V, '--file', file, '--yes'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /notify \(callback\) URL for every payout, and this profile has none\. Nothing was sent\. Add it with `payout-desk profile edit "Commands Vexora" --notify-url URL`/,
    )
    expect(refused.stdout).not.toMatch(/sent/)
    expect(payoutsOf(V)).toHaveLength(0)

    // A batch that was written before the URL went missing stays queued, and is not reported as sent.
    const batch = queuedBatch(V, ['WRITTENBEFORE1'])
    const resumed = await runCli([...data, 'resume', batch])
    expect(resumed.code).toBe(1)
    // What resuming would send is named first: the batch, its profile, how many and how much.
    expect(resumed.stdout).toMatch(
      new RegExp(
        `^Batch ${batch.slice(0, 8)} \\(no file\\), profile "Commands Vexora" \\(test money\\): 1 payout not sent yet, IDR\\s20,000\\.\\n`,
      ),
    )
    expect(resumed.stdout).toContain(`Batch ${batch.slice(0, 8)}: 0 payouts sent.`)
    expect(resumed.stderr).toMatch(
      new RegExp(
        `1 payout could not be sent and stays queued: .*callback\\) URL.*--notify-url URL.* \`payout-desk resume ${batch.slice(0, 8)}\``,
      ),
    )
    // The command line's own advice, never the window's menus.
    expect(resumed.stderr).not.toContain('Settings')
    expect(sandbox.book.get('vexora', 'id', 'WRITTENBEFORE1')).toBeUndefined()

    const edited = await runCli([...data, 'profile', 'edit', V, '--notify-url', 'http://127.0.0.1:9/none'])
    expect(edited.code, edited.stderr).toBe(0)
    const sent = await runCli([...data, 'send', '--profile', V, '--file', file, '--yes'])
    expect(sent.code, sent.stderr).toBe(0)
    expect(sent.stdout).toMatch(/: 1 payout sent \(1 processing\)/)
    expect(sandbox.book.get('vexora', 'id', 'NONOTIFY0001')).toBeDefined()
  })

  it('accepts short references for Vexora, and keeps the 10-character minimum for BluePay', async () => {
    const sent = await runCli([
      ...data,
      'send',
      '--profile',
      V,
      '--file',
      vexoraCsv('short.csv', ['INV_0042']),
      '--yes',
    ])
    expect(sent.code, sent.stderr).toBe(0)
    expect(sandbox.book.get('vexora', 'id', 'INV_0042')).toBeDefined()

    const thb = dir('short-thb.csv')
    writeFileSync(
      thb,
      'reference,payMethodCode,transferCode,accountNo,accountName,accountType,accountTaxId,mobile,amount\nINV_0042,BANK,KBANK,1234567890,Somchai,INDIVIDUAL,1234567890123,0812345678,10.00\n',
    )
    const refused = await runCli([...data, 'send', '--profile', B, '--file', thb, '--yes'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('line 2: reference must be 10 to 32 letters, digits, "-" or "_"')
    // In a Chinese terminal, the row's problem in the window's Chinese words.
    const zh = await runCli([...data, 'send', '--profile', B, '--file', thb, '--yes'], undefined, {
      LANG: 'zh_CN.UTF-8',
    })
    expect(zh.code).toBe(1)
    expect(zh.stderr).toContain('line 2: 参考号须为 10 到 32 位字母、数字、- 或 _')
    expect(payoutsOf(B)).toHaveLength(0)
  })

  it('counts only the payout asked about in refresh --id, and says "1 payout" and "2 payouts"', async () => {
    const sent = await runCli([
      ...data,
      'send',
      '--profile',
      V,
      '--file',
      vexoraCsv('two.csv', ['TWOREF0001', 'TWOREF0002']),
      '--yes',
    ])
    expect(sent.code, sent.stderr).toBe(0)
    expect(sent.stdout).toMatch(/: 2 payouts sent \(2 processing\)/)
    const one = await runCli([...data, 'refresh', '--id', 'TWOREF0001'])
    expect(one.stdout).toBe('Checked 1 payout; 0 got no answer; 1 is not final yet.\n')
    const batch = payoutsOf(V).find((p) => p.reference === 'TWOREF0001')?.batch ?? ''
    expect((await runCli([...data, 'refresh', '--batch', batch])).stdout).toBe(
      'Checked 2 payouts; 0 got no answer; 2 are not final yet.\n',
    )
    expect((await runCli([...data, 'list', '--batch', batch])).stdout).toMatch(/\n2 payouts\n$/)
    expect((await runCli([...data, 'list', '--batch', batch, '--status', 'processing'])).stdout).toMatch(
      /\n2 payouts\n$/,
    )
    expect((await runCli([...data, 'list', '--status', 'cancelled'])).stdout).toBe('0 payouts\n')
  })

  it('prints list times in the local zone with its offset', async () => {
    const [first] = JSON.parse((await runCli([...data, 'list', '--profile', V, '--json'])).stdout) as {
      reference: string
      createdAt: string
    }[]
    if (!first) throw new Error('no payout')
    const at = Date.parse(first.createdAt)
    const shifted = (offsetMinutes: number) =>
      new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ')
    for (const [zone, offset, label] of [
      ['Asia/Jakarta', 7 * 60, '+07:00'],
      ['America/St_Johns', -(3 * 60 + 30), '-03:30'],
      ['UTC', 0, '+00:00'],
    ] as const) {
      const listed = await runCli([...data, 'list', '--profile', V], undefined, { TZ: zone })
      const line = listed.stdout.split('\n').find((l) => l.includes(first.reference)) ?? ''
      expect(line.startsWith(`${shifted(offset)} ${label}  ${first.reference}`), `${zone}: ${line}`).toBe(
        true,
      )
    }
  })

  it('cancels queued payouts through the state machine, with an event, and leaves sent ones alone', async () => {
    const batch = queuedBatch(V, ['CANCELME001', 'CANCELME002', 'CANCELME003'])
    const one = await runCli([...data, 'cancel', '--id', 'CANCELME001'])
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toBe('Cancelled 1 payout.\n')
    const sent = await runCli([...data, 'cancel', '--id', 'TWOREF0001'])
    expect(sent.code).toBe(1)
    expect(sent.stderr).toMatch(/sent already or is final: TWOREF0001 \(processing\)/)
    const rest = await runCli([...data, 'cancel', '--batch', batch])
    expect(rest.stdout).toContain('Cancelled 2 payouts.')
    expect(rest.stderr).toBe('')
    const statuses = Object.fromEntries(payoutsOf(V).map((p) => [p.reference, p.status]))
    expect(statuses).toMatchObject({
      CANCELME001: 'cancelled',
      CANCELME002: 'cancelled',
      TWOREF0001: 'processing',
    })
    const events = withLedger(
      (db) =>
        db
          .prepare(
            `SELECT e.from_status AS "from", e.to_status AS "to", e.detail_json AS detail FROM payout_events e
               JOIN payouts p ON p.id = e.payout_id WHERE p.reference = 'CANCELME001' AND e.kind = 'transition'`,
          )
          .all() as { from: string; to: string; detail: string }[],
    )
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ from: 'queued', to: 'cancelled' })
    expect(JSON.parse(events[0]?.detail ?? '{}')).toMatchObject({ source: 'user' })
    expect(sandbox.book.get('vexora', 'id', 'CANCELME002')).toBeUndefined()
    expect((await runCli([...data, 'cancel'])).code).toBe(2)
  })

  it("shows the balance with the gateway's raw value, in the local zone", async () => {
    const text = await runCli([...data, 'balance', '--profile', V], undefined, { TZ: 'Asia/Jakarta' })
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(
      /^IDR [\d,]+ available \(as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00; the gateway sent \d+\.0000\)\n$/,
    )
    const json = JSON.parse((await runCli([...data, 'balance', '--profile', V, '--json'])).stdout) as Record<
      string,
      unknown
    >
    expect(json).toMatchObject({
      currency: 'IDR',
      fresh: true,
      availableDecimal: String(json.availableMinor),
      gatewayValue: `${String(json.availableMinor)}.0000`,
    })
  })

  it('says what to run when a built-in sandbox profile is used and no sandbox runs', async () => {
    const file = vexoraCsv('builtin.csv', ['BUILTIN0001'])
    for (const args of [
      ['send', '--profile', 'Vexora sandbox (Indonesia)', '--file', file, '--yes'],
      ['balance', '--profile', 'Vexora sandbox (Indonesia)'],
    ]) {
      const r = await runCli([...data, ...args])
      expect(r.code, args[0]).toBe(1)
      expect(r.stderr, args[0]).toMatch(/`payout-desk sandbox` in another terminal.*find it by themselves/)
      expect(r.stderr, args[0]).not.toMatch(/--sandbox-url|http:/)
      expect(r.stderr, args[0]).not.toContain('Restart Payout Desk')
    }
    expect(payoutsOf('Vexora sandbox (Indonesia)')).toHaveLength(0)
  })
})
