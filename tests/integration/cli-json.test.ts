// --json on the commands that report (issue 23): send, resume, release, resolve, profile limits and retry
// print exactly one JSON object on standard output, and what people read goes to standard error. Spawned
// payout-desk processes, the loopback sandbox, the real keychain.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { eventually } from '../support/eventually.ts'
import { runCli, type CliResult } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-json-')
const VEXORA = 'Vexora sandbox (Indonesia)'
const PASSPHRASE = 'owner says yes 42'
const dataDir = join(tmp.dir, 'data')

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 50 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[], input?: string) =>
  runCli(['--data-dir', dataDir, '--sandbox-url', sandbox.url, ...args], input)
let files = 0
function file(rows: [name: string, amount: number][]): string {
  const path = join(tmp.dir, `pay-${++files}.csv`)
  const lines = rows.map(
    ([name, amount], i) => `${name},00777${files}${i},0002,081234567890,b@example.com,${amount}`,
  )
  writeFileSync(path, `name,account number,bank code,mobile,email,amount\n${lines.join('\n')}\n`)
  return path
}
/** Standard output is one JSON object, and nothing else. */
function only(result: CliResult): Record<string, unknown> {
  const lines = result.stdout.trim().split('\n')
  expect(lines, result.stdout + result.stderr).toHaveLength(1)
  return JSON.parse(lines[0] as string) as Record<string, unknown>
}

describe('--json: one object on standard output', { timeout: 240_000 }, () => {
  it('send and resume say what was sent; people read the rest on standard error', async () => {
    const sent = await cli([
      'send',
      '--profile',
      VEXORA,
      '--file',
      file([
        ['Budi', 150_000],
        ['Sari', 250_000],
      ]),
      '--yes',
      '--json',
    ])
    expect(sent.code, sent.stderr).toBe(0)
    expect(only(sent)).toMatchObject({
      written: 2,
      total: 2,
      sent: 2,
      totalMinor: 400_000,
      currency: 'IDR',
      awaitingRelease: false,
      stopped: false,
    })
    expect(sent.stderr).toMatch(/2 payouts ready/)
    expect(only(await cli(['resume', '--all', '--json']))).toEqual({ batches: [] })
  })

  it('limits, a batch over them, and its release', async () => {
    const set = await cli(
      ['profile', 'limits', VEXORA, '--per-payout', '1000000', '--passphrase-stdin', '--json'],
      `${PASSPHRASE}\n`,
    )
    expect(only(set)).toMatchObject({ profile: VEXORA, perPayoutMinor: 1_000_000, hasPassphrase: true })
    expect(set.stdout).not.toContain(PASSPHRASE)
    const held = await cli([
      'send',
      '--profile',
      VEXORA,
      '--file',
      file([['Wati', 5_000_000]]),
      '--yes',
      '--json',
    ])
    const heldJson = only(held)
    expect(heldJson).toMatchObject({ written: 1, awaitingRelease: true, sent: 0 })
    const released = await cli(['release', '--all', '--passphrase-stdin', '--json'], `${PASSPHRASE}\n`)
    expect(released.code, released.stderr).toBe(0)
    expect(only(released)).toEqual({
      released: [
        {
          batch: heldJson.batch,
          profile: VEXORA,
          count: 1,
          totalMinor: 5_000_000,
          currency: 'IDR',
          realMoney: false,
        },
      ],
      refused: [],
      notTried: [],
      notSent: [],
    })
  })

  it('resolve says what the decision made of the payout', async () => {
    const sent = await cli(['send', '--profile', VEXORA, '--file', file([['Ana REVIEW', 90_000]]), '--yes'])
    expect(sent.code, sent.stderr).toBe(0)
    const item = await eventually(async () => {
      await cli(['refresh', '--all'])
      const items = only(await cli(['attention', '--json'])) as unknown as {
        reference: string
        version: number
        beneficiary: string
        status: string
      }[]
      const found = items.find((i) => i.beneficiary === 'Ana REVIEW')
      expect(found).toBeDefined()
      // The status in the words `list` prints and `--status` takes, not the ledger's code.
      expect(['in-doubt', 'needs-review']).toContain(found?.status)
      return found as { reference: string; version: number }
    }, 60_000)
    const resolved = await cli([
      'resolve',
      item.reference,
      '--action',
      'paid',
      '--version',
      String(item.version),
      '--note',
      'checked in the gateway dashboard',
      '--yes',
      '--json',
    ])
    expect(resolved.code, resolved.stderr).toBe(0)
    expect(only(resolved)).toMatchObject({ reference: item.reference, changed: true, status: 'succeeded' })
  })
})
