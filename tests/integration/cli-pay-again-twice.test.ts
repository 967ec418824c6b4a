// Issue 21 (review): before, `payout-desk pay-again REF --yes`
// run twice (a script re-run after a lost answer, a double cron) pays the same person the same amount
// twice, without a word; `pay-again` has no reference to make a repeat the same payout, and the 30-day
// "same account and amount" rule that `send` enforces is not applied.
import { describe, expect, it } from 'vitest'
import { SANDBOX_PROFILE, worldPerTest } from '../support/doors.ts'
import { eventually } from '../support/eventually.ts'
import { runCli } from '../support/run-cli.ts'

const world = worldPerTest()

describe('pay-again run twice', { timeout: 150_000 }, () => {
  it('pays once; the second run is refused or needs an explicit acceptance', async () => {
    const env = { PAYOUT_DESK_HOME: world().dataDir, PAYOUT_DESK_SANDBOX_URL: world().sandbox.url }
    const cli = (...args: string[]) => runCli(args, undefined, env)
    const paid = await cli(
      'pay',
      '--profile',
      SANDBOX_PROFILE,
      '--amount',
      '150000',
      '--reference',
      'SALARY-NOV-SITI',
      '--bankCode',
      '0002',
      '--bankAccountNo',
      '0012345',
      '--customerName',
      'Siti Rahma',
      '--mobile',
      '081234567890',
      '--email',
      'siti@example.com',
      '--yes',
    )
    expect(paid.code, paid.stderr).toBe(0)
    await eventually(
      async () => {
        await cli('refresh', '--all')
        const shown = await cli('show', 'SALARY-NOV-SITI')
        expect(shown.stdout).toMatch(/succeeded/i)
      },
      40_000,
      500,
    )
    // Within 30 days a pay-again is a repeat of the original: paid when the person says so…
    const first = await cli('pay-again', 'SALARY-NOV-SITI', '--accept-duplicates', '--yes')
    expect(first.code, first.stderr).toBe(0)
    // …and the same command run again by mistake is refused, naming the payout it would repeat.
    const second = await cli('pay-again', 'SALARY-NOV-SITI', '--yes')
    await eventually(() =>
      expect(
        world()
          .sandbox.book.list()
          .filter((o) => o.createAttempts > 0).length,
      ).toBeGreaterThanOrEqual(2),
    )
    const toSiti = () =>
      world()
        .sandbox.book.list()
        .filter((o) => o.fields.bankAccountNo === '0012345').length
    // The original and one pay-again: two orders; a third is the same month paid twice.
    expect({ code: second.code, orders: toSiti() }).toEqual({ code: 1, orders: 2 })
    expect(second.stderr).toContain('Add --accept-duplicates if you mean to pay it again.')
  })
})
