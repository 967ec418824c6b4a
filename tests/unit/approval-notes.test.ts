import { describe, expect, it } from 'vitest'
import { noteKinds, notedByConcern, notedToName } from '../../shared/domain/approval-notes.ts'
import type { TeamApprovalNote } from '../../shared/ipc/team-contract.ts'

// Which waiting payouts an approval names first (shared/domain/approval-notes.ts): a month's payroll
// repeating last month's, each marked accepted, must not push a new account out of the few shown.
const payout = (reference: string, ...notes: TeamApprovalNote[]) => ({ reference, notes })
const repeat = (accepted: boolean): TeamApprovalNote => ({
  kind: 'paid_recently',
  at: '2026-11-25T00:00:00Z',
  accepted,
})

describe('approval notes by concern', () => {
  it('names what would not be sent and an unseen account first, marked repeats last, and leaves the rest out', () => {
    const payouts = [
      ...Array.from({ length: 30 }, (_, i) => payout(`SALARY-${i}`, repeat(true))),
      payout('CLEAN'),
      payout('TWICE', { kind: 'twice_waiting', reference: 'X', accepted: false }, repeat(false)),
      payout(
        'MOVED',
        { kind: 'new_account', was: { bank: '014', accountNo: '1' }, accepted: false },
        repeat(true),
      ),
      payout('NEW', { kind: 'new_payee', paidBefore: 0 }),
      payout('ODD', { kind: 'not_sendable', problem: { key: 'fieldsNotValid' } }),
      payout('MARKED', { kind: 'new_account', was: { bank: '014', accountNo: '2' }, accepted: true }),
      payout('ALIAS', { kind: 'other_name', name: 'Budi' }),
    ]
    const named = notedByConcern(payouts).map((p) => p.reference)
    expect(named.slice(0, 6)).toEqual(['ODD', 'MOVED', 'ALIAS', 'MARKED', 'NEW', 'TWICE'])
    expect(named.slice(6)).toEqual(Array.from({ length: 30 }, (_, i) => `SALARY-${i}`))
    expect(named).not.toContain('CLEAN')
    // Five named at least, and every serious one however far down the file it was written.
    const late = [...payouts.slice(0, 30), ...payouts.slice(30).reverse()]
    const five = notedToName(late, 5).map((p) => p.reference)
    expect(five.slice(0, 3)).toEqual(['ODD', 'MOVED', 'ALIAS'])
    expect(five).toHaveLength(5)
    const all = Array.from({ length: 40 }, (_, i) =>
      payout(`MOVED-${i}`, {
        kind: 'new_account',
        was: { bank: '014', accountNo: String(i) },
        accepted: false,
      }),
    )
    expect(notedToName(all, 5)).toHaveLength(40)
    expect(noteKinds(payouts)).toEqual([
      ['not_sendable', 1],
      ['new_account', 2],
      ['other_name', 1],
      ['new_payee', 1],
      ['twice_waiting', 1],
      ['paid_recently', 32],
    ])
    // A new account its preparer marked accepted, and a payout not judged here, are named however far down.
    const marked = [
      ...Array.from({ length: 6 }, (_, i) => payout(`ALIAS-${i}`, { kind: 'other_name', name: 'Budi' })),
      payout('MARKED-LATE', { kind: 'new_account', was: { bank: '014', accountNo: '9' }, accepted: true }),
      payout('MOVED-LATE', { kind: 'unchecked', why: 'moved' }, repeat(true)),
    ]
    const five2 = notedToName(marked, 5).map((p) => p.reference)
    expect(five2).toContain('MARKED-LATE')
    expect(five2[0]).toBe('MOVED-LATE')
  })
})
