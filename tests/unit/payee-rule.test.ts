import { describe, expect, it } from 'vitest'
import type { RecipientView } from '../../shared/ipc/recipients-contract.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { accountKeyOf, nameKey } from '../../shared/domain/payee-account.ts'
import {
  judgePayee,
  matcherOver,
  payeeRefusal,
  type UnlearnedPayees,
} from '../../electron/recipients/payee-rule.ts'
import { wordError } from '../../shared/messages/errors.ts'

const shape = payoutShape('vexora', 'ID') as PayoutShape
const siti: RecipientView = {
  id: 'r-siti',
  profileId: 'p',
  name: 'Siti Rahma',
  account: '0012345',
  accountFields: { bankCode: '0002', bankAccountNo: '0012345' },
  mobile: '081234567890',
  email: 'siti@example.com',
  note: null,
  firstPaidAt: null,
  lastPaidAt: null,
  payouts: 0,
  archived: false,
  formerNames: [],
}
const match = matcherOver([siti], shape)
const row = (over: Record<string, string>) => ({
  bankCode: '0002',
  bankAccountNo: '0012345',
  customerName: 'Siti Rahma',
  mobile: '081234567890',
  email: 'siti@example.com',
  ...over,
})

describe('matcherOver: who a payout pays', () => {
  it.each([
    ['the same account', row({}), 'known'],
    ['the same account under another mobile and name', row({ mobile: '0899', customerName: 'S R' }), 'known'],
    ['a new account', row({ bankAccountNo: '0099887' }), 'changed'],
    ['a new bank at the same number', row({ bankCode: '0014' }), 'changed'],
    // Finding 2: a fraudulent "my account changed" message supplies new contact details too.
    [
      'a new account with a new mobile and e-mail',
      row({ bankAccountNo: '0099887', mobile: '0811111', email: 'new@example.net' }),
      'changed',
    ],
    [
      'the name in other case and spacing',
      row({ bankAccountNo: '0099887', customerName: ' SITI  rahma ' }),
      'changed',
    ],
    [
      'the name with its space dropped',
      row({ bankAccountNo: '0099887', customerName: 'SitiRahma' }),
      'changed',
    ],
    // Characters that show as nothing: the name looks like Siti Rahma's to the person paying.
    [
      'the name with a zero-width space, a direction mark and a soft hyphen',
      row({ bankAccountNo: '0099887', customerName: 'Siti\u200b Ra\u00adhma\u200e' }),
      'changed',
    ],
    ['another name at a new account', row({ bankAccountNo: '0099887', customerName: 'Budi' }), 'new'],
  ])('%s → %s', (_, fields, kind) => {
    expect(match(fields).kind).toBe(kind)
  })

  it('an accent an invisible character kept from its letter is the accented name (review 63)', () => {
    const jose = matcherOver([{ ...siti, name: 'José Ramos' }], shape)
    // Each is drawn "José Ramos": the mark sits between the letter and its accent.
    for (const name of ['Jose\u034f\u0301 Ramos', 'Jose\u200d\u0301 Ramos', 'Jose\ufe0f\u0301 Ramos'])
      expect(jose(row({ bankAccountNo: '0099887', customerName: name })).kind, name).toBe('changed')
  })

  it('a name known at two accounts is compared with the most recent one first', () => {
    const older = { ...siti, id: 'r-old', accountFields: { bankCode: '0002', bankAccountNo: '0011111' } }
    const m = matcherOver([siti, older], shape)(row({ bankAccountNo: '0099887' }))
    expect(m).toMatchObject({ kind: 'changed', recipient: { id: 'r-siti' } })
    expect(matcherOver([siti, older], shape)(row({ bankAccountNo: '0011111' })).kind).toBe('known')
  })

  // Review 2, finding 5: "pay Siti at my account", from another known recipient.
  it("a known name at another known recipient's account is Siti's account change, not that recipient", () => {
    const eve = {
      ...siti,
      id: 'r-eve',
      name: 'Eve Wijaya',
      accountFields: { bankCode: '0002', bankAccountNo: '0099990' },
    }
    const both = matcherOver([siti, eve], shape)
    expect(both(row({ bankAccountNo: '0099990' }))).toMatchObject({
      kind: 'changed',
      recipient: { id: 'r-siti' },
    })
    expect(both(row({ bankAccountNo: '0099990', customerName: 'Eve Wijaya' }))).toMatchObject({
      kind: 'known',
      recipient: { id: 'r-eve' },
    })
    expect(both(row({ bankAccountNo: '0099990', customerName: 'E. Wijaya' })).kind).toBe('known')
  })

  it('a person renamed in the directory is still known by the name they had', () => {
    const renamed = matcherOver([{ ...siti, name: 'Siti R.', formerNames: ['Siti Rahma'] }], shape)
    // The old name at a new account: the renamed Siti's account changed, not a stranger's first payout.
    const moved = renamed(row({ bankAccountNo: '0099887' }))
    expect(moved).toMatchObject({ kind: 'changed', recipient: { name: 'Siti R.' } })
    expect(renamed(row({})).kind).toBe('known')
    expect(renamed(row({ customerName: 'Siti R.', bankAccountNo: '0099887' })).kind).toBe('changed')
  })

  it('a former name somebody else bears now is theirs', () => {
    const other = { ...siti, id: 'r-2', accountFields: { bankCode: '0002', bankAccountNo: '0055555' } }
    const renamed = { ...siti, name: 'Siti R.', formerNames: ['Siti Rahma'] }
    // The other Siti Rahma in the directory, or paid by a payout written and not learned yet.
    const unlearned: UnlearnedPayees = {
      named: (name) => (name === nameKey(other.name) ? { ...other, id: 'payout:p1' } : undefined),
      at: (account, name) =>
        account === accountKeyOf(other.accountFields) && (name === undefined || name === nameKey(other.name))
          ? { ...other, id: 'payout:p1' }
          : undefined,
    }
    for (const [both, id] of [
      [matcherOver([renamed, other], shape), 'r-2'],
      [matcherOver([renamed], shape, unlearned), 'payout:p1'],
    ] as const) {
      expect(both(row({ bankAccountNo: '0055555' }))).toMatchObject({ kind: 'known', recipient: { id } })
      // Not the renamed Siti's account any more, nor a new account of hers: the other Siti's.
      expect(both(row({}))).toMatchObject({ kind: 'changed', recipient: { id } })
      expect(both(row({ bankAccountNo: '0077777' }))).toMatchObject({ kind: 'changed', recipient: { id } })
    }
  })
})

describe('judgePayee: a changed account is paid only as accepted', () => {
  const changed = match(row({ bankAccountNo: '0099887' }))
  it.each([
    ['known, nothing accepted', match(row({})), undefined, true],
    ['new, nothing accepted', match(row({ customerName: 'Budi', bankAccountNo: '1' })), undefined, true],
    ['changed, nothing accepted', changed, undefined, 'not_accepted'],
    ['changed, accepted against the old account shown', changed, { old: siti.accountFields }, true],
    [
      'changed, accepted against another old account (the directory moved)',
      changed,
      { old: { bankCode: '0002', bankAccountNo: '0055555' } },
      'moved',
    ],
    [
      'changed, the same old account in another key order',
      changed,
      { old: { bankAccountNo: '0012345', bankCode: '0002' } },
      true,
    ],
  ] as const)('%s', (_, m, accepted, expected) => {
    const verdict = judgePayee(m, accepted)
    if (expected === true) expect(verdict.ok).toBe(true)
    else expect(verdict).toMatchObject({ ok: false, why: expected })
  })

  it('an accepted change is kept with the recipient and the old account; the refusal names both accounts', () => {
    expect(judgePayee(changed, { old: siti.accountFields })).toEqual({
      ok: true,
      change: { recipientId: 'r-siti', old: siti.accountFields },
    })
    const refused = judgePayee(changed, undefined)
    if (refused.ok) throw new Error('accepted')
    expect(wordError(payeeRefusal(refused), 'en')).toMatch(
      /last paid at bankCode 0002, bankAccountNo 0012345; .*0099887/,
    )
  })
})
