// Issue 21 (review): `payout-desk send` exited 0 saying "N payouts sent" when the gateway refused every
// one of them (nothing will be paid); a script checking the exit code was told it worked.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SANDBOX_PROFILE, worldPerTest } from '../support/doors.ts'
import { runCli } from '../support/run-cli.ts'

const world = worldPerTest()

describe('send when the gateway refuses every payout', () => {
  it('does not exit 0 saying the payouts were sent', async () => {
    const env = { PAYOUT_DESK_HOME: world().dataDir, PAYOUT_DESK_SANDBOX_URL: world().sandbox.url }
    const file = join(world().dataDir, '..', 'bonus.csv')
    // Over the gateway's per-payout maximum: refused, nothing created, nothing paid.
    writeFileSync(
      file,
      'name,account number,bank code,mobile,email,amount\n' +
        'Siti Rahma,0012345,0002,081234567890,siti@example.com,60000000\n' +
        'Budi,0012346,0002,081234567891,budi@example.com,70000000\n',
    )
    const r = await runCli(['send', '--profile', SANDBOX_PROFILE, '--file', file, '--yes'], undefined, env)
    const statuses = world()
      .sandbox.book.list()
      .map((o) => o.outcome)
    expect(statuses).toEqual([])
    expect({ code: r.code, out: r.stdout }).toEqual({
      code: 1,
      out: expect.not.stringMatching(/2 payouts sent/) as unknown,
    })
  })
})
