// electron/payouts/send-each.ts without a ledger: each payout is told once, whatever became of it.
import { describe, expect, it } from 'vitest'
import { sendEach } from '../../electron/payouts/send-each.ts'

describe('sendEach', () => {
  it('tells each payout of a chunk whose read failed once, not twice', async () => {
    const told: [string, boolean][] = []
    await sendEach(
      {
        store: {
          payouts: () => Promise.reject(new Error('Connection terminated unexpectedly')),
          profile: () => Promise.resolve(null),
        },
        sendRead: () => Promise.resolve('queued'),
      },
      ['a', 'b'],
      { onSettled: (id, error) => told.push([id, error !== undefined]) },
    )
    expect(told).toEqual([
      ['a', true],
      ['b', true],
    ])
  })
})
