// payout-desk pay and pay-again (electron/cli/commands/pay.ts) on a real ledger and the sandbox over loopback.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { eventually } from '../support/eventually.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let sandbox: Sandbox
const tmp = makeTempDir('payout-desk-cli-pay-')
const P = 'Vexora sandbox (Indonesia)'

beforeAll(async () => {
  sandbox = await startSandbox({ settleAfterMs: 0 })
})
afterAll(async () => {
  await sandbox.close()
  tmp.cleanup()
})

const cli = (args: string[]) =>
  runCli(['--data-dir', join(tmp.dir, 'data'), '--sandbox-url', sandbox.url, ...args])
const fields = (account: string, name: string) => [
  '--bankCode',
  '0002',
  '--bankAccountNo',
  account,
  '--customerName',
  name,
  '--mobile',
  '081234567890',
  '--email',
  'payee@example.com',
]
const ordersTo = (account: string) => sandbox.book.list().filter((o) => o.fields.bankAccountNo === account)

describe('payout-desk pay', { timeout: 120_000 }, () => {
  it("pays once with the gateway's own field names, and says what it pays before it does", async () => {
    const paid = await cli([
      'pay',
      '--profile',
      P,
      '--amount',
      '1,250,000',
      ...fields('5550001', 'Ani'),
      '--yes',
    ])
    expect(paid.code, paid.stderr).toBe(0)
    expect(paid.stdout).toMatch(
      /^Pay IDR 1,250,000 to Ani \(5550001\) through "Vexora sandbox \(Indonesia\)" \(test money\)/,
    )
    expect(paid.stdout).toMatch(/Sent PD\w+: processing\./)
    expect(ordersTo('5550001')).toEqual([expect.objectContaining({ amountMinor: 1_250_000 })])
  })

  it('refuses a field of another gateway, and bad input, writing nothing', async () => {
    const foreign = await cli([
      'pay',
      '--profile',
      P,
      '--amount',
      '5',
      ...fields('5550002', 'Ani'),
      '--accountNo',
      '1',
      '--yes',
    ])
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toContain(
      "--accountNo is not a field of this profile's gateway; its fields are --bankCode",
    )
    const missing = await cli(['pay', '--profile', P, '--amount', '150000', '--bankCode', '0002', '--yes'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/bankAccountNo \(required\)/)
    expect(ordersTo('5550002')).toEqual([])
  })

  it('prints JSON for scripts', async () => {
    const paid = await cli([
      'pay',
      '--profile',
      P,
      '--amount',
      '150000',
      '--reference',
      'JSON-0001',
      ...fields('5550003', 'Eka'),
      '--yes',
      '--json',
    ])
    expect(paid.code, paid.stderr).toBe(0)
    expect(JSON.parse(paid.stdout.split('\n').at(-2) ?? '')).toEqual({
      reference: 'JSON-0001',
      status: 'processing',
      existing: false,
    })
  })
})

describe('payout-desk pay-again', { timeout: 180_000 }, () => {
  it('pays a paid payout’s recipient the same amount again as a new payout; a failed one goes to Retry', async () => {
    expect(
      (
        await cli([
          'pay',
          '--profile',
          P,
          '--amount',
          '150000',
          '--reference',
          'AGAIN-0001',
          ...fields('5550010', 'Wulan'),
          '--yes',
        ])
      ).code,
    ).toBe(0)
    const early = await cli(['pay-again', 'AGAIN-0001', '--yes'])
    expect(early.code).toBe(1)
    expect(early.stderr).toContain(
      'AGAIN-0001 is not paid (processing): only a paid payout can be paid again',
    )
    await eventually(async () => {
      expect((await cli(['refresh', '--id', 'AGAIN-0001'])).code).toBe(0)
      expect((await cli(['show', 'AGAIN-0001', '--json'])).stdout).toContain('"status":"succeeded"')
    })
    // Within 30 days the same amount to the same account is a repeat: paid only when the person says so.
    const repeat = await cli(['pay-again', 'AGAIN-0001', '--yes'])
    expect(repeat.code).toBe(1)
    expect(repeat.stderr).toMatch(
      /The same amount went to this account on \d{4}-\d\d-\d\d \(AGAIN-0001, succeeded\)/,
    )
    expect(repeat.stderr).toContain('Add --accept-duplicates if you mean to pay it again.')
    expect(ordersTo('5550010')).toHaveLength(1)
    const again = await cli(['pay-again', 'AGAIN-0001', '--accept-duplicates', '--yes'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/Pay again IDR 150,000 to Wulan \(5550010\), as AGAIN-0001 was paid/)
    expect(ordersTo('5550010').map((o) => o.amountMinor)).toEqual([150_000, 150_000])

    // The sandbox fails an account ending in 000.
    expect(
      (
        await cli([
          'pay',
          '--profile',
          P,
          '--amount',
          '90000',
          '--reference',
          'AGAIN-0002',
          ...fields('5551000', 'Yoga'),
          '--yes',
        ])
      ).code,
    ).toBe(0)
    await eventually(async () => {
      await cli(['refresh', '--id', 'AGAIN-0002'])
      expect((await cli(['show', 'AGAIN-0002', '--json'])).stdout).toContain('"status":"failed"')
    })
    const failed = await cli(['pay-again', 'AGAIN-0002', '--yes'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(
      'AGAIN-0002 did not pay: pay it again with `payout-desk retry AGAIN-0002`',
    )
    expect(ordersTo('5551000')).toHaveLength(1)
    // The hint, followed as written, pays it again.
    const retried = await cli(['retry', 'AGAIN-0002', '--yes'])
    expect(retried.code, retried.stderr).toBe(0)
    expect(retried.stdout).toMatch(/Paid again as \S+: /)
    expect(ordersTo('5551000')).toHaveLength(2)
  })

  it('a recipient known at another account by now is an account change, paid only when accepted', async () => {
    expect(
      (
        await cli([
          'pay',
          '--profile',
          P,
          '--amount',
          '80000',
          '--reference',
          'MOVE-0001',
          ...fields('5550020', 'Tono'),
          '--yes',
        ])
      ).code,
    ).toBe(0)
    await eventually(async () => {
      await cli(['refresh', '--id', 'MOVE-0001'])
      expect((await cli(['show', 'MOVE-0001', '--json'])).stdout).toContain('"status":"succeeded"')
    })
    const moved = await cli([
      'pay',
      '--profile',
      P,
      '--amount',
      '80000',
      ...fields('5550021', 'Tono'),
      '--accept-account-change',
      '--yes',
    ])
    expect(moved.code, moved.stderr).toBe(0)
    expect(moved.stderr).toContain(
      'Account change: Tono was last paid at bankCode 0002, bankAccountNo 5550020; this payout goes to bankCode 0002, bankAccountNo 5550021.',
    )
    const again = await cli(['pay-again', 'MOVE-0001', '--yes'])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(
      'Tono was last paid at bankCode 0002, bankAccountNo 5550021; this payout goes to bankCode 0002, bankAccountNo 5550020.',
    )
    expect(ordersTo('5550020')).toHaveLength(1)
    const accepted = await cli([
      'pay-again',
      'MOVE-0001',
      '--accept-account-change',
      '--accept-duplicates',
      '--yes',
    ])
    expect(accepted.code, accepted.stderr).toBe(0)
    expect(ordersTo('5550020')).toHaveLength(2)
  })
})
