// Issue 21 (review): the recipients directory learned a payee's account when a send is *claimed*, before
// any byte leaves (payout-store.ts claimForSubmit → recordSentPayout). When that first attempt never
// leaves (gateway unreachable: the payout goes back to queued, "nothing was sent") and the person then
// cancels it, the directory keeps the account anyway. An accepted account change that was cancelled
// (the person realised it was a fraudulent "my account changed" message) thus still moved the payee:
// next time the fraudster's account is "known" and paid without a word.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeWorld, SANDBOX_PROFILE, type World } from '../support/doors.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let world: World
beforeEach(async () => {
  tmp = makeTempDir()
  world = await makeWorld(tmp.dir)
})
afterEach(async () => {
  await world.sandbox.close().catch(() => undefined)
  tmp.cleanup()
})

const siti = (account: string) => [
  '--bankCode',
  '0002',
  '--bankAccountNo',
  account,
  '--customerName',
  'Siti Rahma',
  '--mobile',
  '081234567890',
  '--email',
  'siti@example.com',
]

describe('a payee change whose payout never left and was cancelled', () => {
  it('does not move the payee in the directory', { timeout: 150_000 }, async () => {
    const env = { PAYOUT_DESK_HOME: world.dataDir, PAYOUT_DESK_SANDBOX_URL: world.sandbox.url }
    const cli = (...args: string[]) => runCli(args, undefined, env)
    const pay = (...args: string[]) => cli('pay', '--profile', SANDBOX_PROFILE, '--yes', ...args)

    const first = await pay('--amount', '150000', '--reference', 'NOV-SITI', ...siti('0012345'))
    expect(first.code, first.stderr).toBe(0)
    // The gateway is down for a moment (the connection is refused: nothing can leave).
    await world.sandbox.close()

    // A "my bank account changed" message; the person is tricked and accepts the change ...
    const tricked = await pay(
      '--amount',
      '150000',
      '--reference',
      'DEC-SITI',
      '--accept-account-change',
      ...siti('0099999'),
    )
    expect(tricked.code).toBe(1)
    expect(tricked.stderr + tricked.stdout).toMatch(/could not be reached|nothing was sent/i)
    // ... then realises, and cancels it: it never left this computer.
    const cancelled = await cli('cancel', '--id', 'DEC-SITI')
    expect(cancelled.code, cancelled.stderr).toBe(0)

    // The directory must still have Siti at her own account.
    const list = await cli('recipients', 'list', '--profile', SANDBOX_PROFILE)
    expect(list.stdout).toMatch(/0012345/)
    expect(list.stdout).not.toMatch(/0099999/)
    // And the fraudster's account is still an account change for Siti, refused without acceptance.
    const again = await pay('--amount', '175000', '--reference', 'JAN-SITI', ...siti('0099999'))
    expect(again.stderr).toMatch(/last paid at/)
  })
})
