import { describe, expect, it } from 'vitest'
import type { AttentionAction, AttentionReason } from '../../shared/domain/attention.ts'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { ProviderId } from '../../shared/domain/providers.ts'
import type { EnginePayout } from '../../electron/ledger/payout-store.ts'
import { actionsFor } from '../../electron/payouts/attention-queue.ts'

/*
 * What "Needs your decision" offers, from docs/money-safety.md: only what is safe for the payout. Ask
 * the gateway again; send again under the same reference only while the gateway never confirmed it
 * (both gateways refuse a repeated reference, Vexora its tradeNo, so a re-send of one they have is
 * refused, not paid); "not sent" only for what the gateway never confirmed; "paid"; and for a
 * disagreement, keep the gateway's answer or the ledger's, nothing else. A payout whose profile moved to
 * another gateway account is never asked about or re-sent there.
 */
const payout = (over: Partial<EnginePayout>): EnginePayout => ({
  id: 'p1',
  profileId: 'prof',
  provider: 'bluepay',
  reference: 'R1',
  amountMinor: 100,
  currency: 'THB',
  fields: {},
  status: 'unknown',
  gatewayId: null,
  acknowledged: false,
  attempts: 1,
  checkFailures: 0,
  batchId: null,
  lastAttemptAt: 1,
  resends: 0,
  attention: null,
  attentionAt: null,
  attentionDetail: null,
  amountRuling: null,
  version: 1,
  account: null,
  createdAt: 1,
  beneficiaryName: 'A',
  accountNo: '1',
  ...over,
})

type State = [string, PayoutStatus, boolean]
const UNCONFIRMED: State[] = [
  ['in doubt, never confirmed', 'unknown', false],
  ['left mid-send, never confirmed', 'submitting', false],
]
const CONFIRMED: State[] = [
  ['in doubt, confirmed before', 'unknown', true],
  ['processing', 'processing', true],
  ['needs review', 'needs_review', true],
]
const FINAL: State[] = [
  ['paid', 'succeeded', true],
  ['failed', 'failed', true],
  ['refused', 'rejected', false],
  ['marked not sent', 'cancelled', false],
]
const ALL_OPEN = [...UNCONFIRMED, ...CONFIRMED]
const DISAGREEMENTS: AttentionReason[] = ['amount_mismatch', 'amount_unreadable', 'contradiction', 'reversal']
const UNSETTLED: AttentionReason[] = ['in_doubt', 'not_found', 'resend_refused']
const PROVIDERS: ProviderId[] = ['vexora', 'bluepay']

type Row = [ProviderId, AttentionReason, string, PayoutStatus, boolean, AttentionAction[]]
const rows = (reasons: AttentionReason[], states: State[], actions: AttentionAction[]): Row[] =>
  PROVIDERS.flatMap((provider) =>
    reasons.flatMap((reason) =>
      states.map(([why, status, acknowledged]): Row => [
        provider,
        reason,
        why,
        status,
        acknowledged,
        actions,
      ]),
    ),
  )

describe('actionsFor: each reason, provider and state', () => {
  it.each<Row>([
    // Whether the gateway has it is open: everything, resend and "not sent" only while unconfirmed.
    ...rows(UNSETTLED, UNCONFIRMED, ['ask', 'resend', 'not-sent', 'paid']),
    ...rows(UNSETTLED, CONFIRMED, ['ask', 'paid']),
    // The gateway answered with a status nobody knows: it has the payout.
    ...rows(['unknown_status'], ALL_OPEN, ['ask', 'paid']),
    // A disagreement is the person's alone to settle, final or not.
    ...rows(DISAGREEMENTS, [...ALL_OPEN, ...FINAL], ['keep-gateway', 'keep-ledger']),
    // Another gateway account now: never asked or re-sent there.
    ...rows(['account_changed'], UNCONFIRMED, ['not-sent', 'paid']),
    ...rows(['account_changed'], CONFIRMED, ['paid']),
    // Settled already: nothing left to decide but a disagreement.
    ...rows([...UNSETTLED, 'unknown_status', 'account_changed'], FINAL, []),
  ])('%s, %s, %s', (provider, attention, _why, status, acknowledged, actions) => {
    expect(actionsFor(payout({ provider, attention, status, acknowledged }))).toEqual(actions)
  })

  it('offers nothing for a payout that waits for no one', () => {
    expect(actionsFor(payout({ attention: null }))).toEqual([])
  })
})
