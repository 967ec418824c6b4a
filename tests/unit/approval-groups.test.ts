import { describe, expect, it } from 'vitest'
import { approvalGroups } from '../../renderer/src/features/team/approval-groups.ts'
import type { TeamWaitingPayout } from '../../shared/ipc/team-contract.ts'

// What one Approve in the window names (renderer/src/features/team/approval-groups.ts): the waiting payouts of
// one file, or one payout on its own; never two profiles, currencies or kinds of money under one total.
const waiting = (over: Partial<TeamWaitingPayout>): TeamWaitingPayout => ({
  id: crypto.randomUUID(),
  reference: 'R',
  profile: 'Toko ID',
  environment: 'production',
  amountMinor: 1_000,
  currency: 'IDR',
  beneficiaryName: 'Dewi',
  accountNo: '001',
  bank: '014',
  preparedBy: 'budi',
  createdAt: '2026-12-05T00:00:00.000Z',
  batchId: null,
  notes: [],
  concerns: [],
  ...over,
})

describe('approval groups', () => {
  it('groups a file by its batch, each payout written on its own apart, with the total of what is in it', () => {
    const batch = '0190a0b0-0000-7000-8000-00000000000a'
    const payouts = [
      waiting({ reference: 'A', batchId: batch, amountMinor: 2_500_000 }),
      waiting({ reference: 'S1', amountMinor: 7 }),
      waiting({ reference: 'B', batchId: batch, amountMinor: 1_500_000, preparedBy: 'rina' }),
      waiting({ reference: 'S2', amountMinor: 9 }),
    ]
    const groups = approvalGroups(payouts)
    expect(
      groups.map((g) => [g.batchId, g.payouts.map((p) => p.reference), g.totalMinor, g.preparedBy]),
    ).toEqual([
      [batch, ['A', 'B'], 4_000_000, ['budi', 'rina']],
      [null, ['S1'], 7, ['budi']],
      [null, ['S2'], 9, ['budi']],
    ])
  })

  it('never puts two profiles, currencies or kinds of money under one total, even in one batch', () => {
    const batch = '0190a0b0-0000-7000-8000-00000000000b'
    const groups = approvalGroups([
      waiting({ batchId: batch }),
      waiting({ batchId: batch, environment: 'sandbox' }),
      waiting({ batchId: batch, profile: 'Toko TH', currency: 'THB' }),
    ])
    expect(groups).toHaveLength(3)
    for (const g of groups)
      expect(new Set(g.payouts.map((p) => `${p.profile} ${p.currency} ${p.environment}`)).size).toBe(1)
  })
})
