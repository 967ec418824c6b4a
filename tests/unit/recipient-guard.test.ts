import { describe, expect, it } from 'vitest'
import type { ProfileView } from '../../shared/ipc/profiles-contract.ts'
import type { RecipientMatch, RecipientView } from '../../shared/ipc/recipients-contract.ts'
import { recipientFields } from '../../renderer/src/features/new-payout/recipient-fields.ts'
import {
  fieldsKey,
  recipientReady,
  type GateState,
} from '../../renderer/src/features/new-payout/recipient-gate.ts'

const PROFILE = '00000000-0000-4000-8000-000000000001'
const fields = { bankCode: '0002', bankAccountNo: '0077777', customerName: 'Siti Rahma' }

const siti: RecipientView = {
  id: '00000000-0000-4000-8000-000000000002',
  profileId: PROFILE,
  name: 'Siti Rahma',
  account: '0012345',
  accountFields: { bankCode: '0002', bankAccountNo: '0012345' },
  mobile: '081234567890',
  email: 'siti@example.com',
  note: null,
  firstPaidAt: 1,
  lastPaidAt: 2,
  payouts: 3,
  archived: false,
  formerNames: [],
}
const changed: RecipientMatch = {
  kind: 'changed',
  recipient: siti,
  oldAccount: siti.accountFields,
  newAccount: { bankCode: '0002', bankAccountNo: '0077777' },
}

/** Whether Send is on, for the form's state once main answered about exactly these fields. */
function sendable(match: RecipientMatch | null, extra: Partial<GateState> = {}): boolean {
  return recipientReady({
    profileId: PROFILE,
    fields,
    match,
    matchFor: fieldsKey(PROFILE, fields),
    matchError: null,
    acceptChange: false,
    ...extra,
  })
}

describe('New payout: Send waits for whom the account belongs to', () => {
  it('a known account or a first payout to one may be sent', () => {
    expect(sendable({ kind: 'known', recipient: siti })).toBe(true)
    expect(sendable({ kind: 'new' })).toBe(true)
  })

  it('a changed account may be sent only once the person accepted it for this payout', () => {
    expect(sendable(changed)).toBe(false)
    expect(sendable(changed, { acceptChange: true })).toBe(true)
  })

  it('an answer about other fields is no answer: an account edited after the check waits for a new one', () => {
    expect(sendable(changed, { acceptChange: true, fields: { ...fields, bankAccountNo: '0088888' } })).toBe(
      false,
    )
    expect(sendable({ kind: 'known', recipient: siti }, { profileId: siti.id })).toBe(false)
    expect(sendable({ kind: 'new' }, { matchFor: null })).toBe(false)
  })

  it('a check that failed leaves the last word to main, which refuses a change not accepted', () => {
    expect(sendable(null, { matchError: 'main is busy' })).toBe(true)
  })

  it('the same fields in another order are the same fields', () => {
    expect(fieldsKey(PROFILE, { a: '1', b: '2' })).toBe(fieldsKey(PROFILE, { b: '2', a: '1' }))
  })
})

describe('Pay again from a recipient', () => {
  it('fills the account as last paid, their name and contact, and nothing the form does not show', () => {
    const profile = { id: PROFILE, provider: 'vexora', area: 'ID' } as ProfileView
    const r = { ...siti, accountFields: { ...siti.accountFields, internalId: 'x' } }
    expect(recipientFields(profile, r)).toEqual({
      bankCode: '0002',
      bankAccountNo: '0012345',
      customerName: 'Siti Rahma',
      mobile: '081234567890',
      email: 'siti@example.com',
    })
  })
})
