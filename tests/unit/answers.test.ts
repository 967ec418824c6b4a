import { describe, expect, it } from 'vitest'
import type { AttentionReason } from '../../shared/domain/attention.ts'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { judge } from '../../shared/domain/state-machine.ts'
import type { EnginePayout } from '../../electron/ledger/payout-store.ts'
import type { NormalizedState, QueryOutcome } from '../../electron/providers/types.ts'
import { judgeAnswer, judgeMissingAnswer, judgeRefusal, type Answer } from '../../electron/payouts/answers.ts'

/*
 * The rules in docs/money-safety.md ("The settle period", "Needs your decision") as tables: what one
 * gateway answer, a refused create, or a check that found nothing does to a payout in each state.
 */
const NOW = 50_000_000
const SETTLE = 600_000
const RULES = { settleMs: SETTLE, maxResends: 2 }
const exchange = {
  request: { method: 'POST' as const, url: 'http://gw', headers: {}, body: '{}' },
  response: null,
  error: null,
  durationMs: 1,
}

const payout = (over: Partial<EnginePayout> = {}): EnginePayout => ({
  id: 'p1',
  profileId: 'prof',
  provider: 'bluepay',
  reference: 'R1',
  amountMinor: 10_000_000,
  currency: 'IDR',
  fields: {},
  status: 'processing',
  gatewayId: 'G1',
  acknowledged: true,
  attempts: 1,
  checkFailures: 0,
  batchId: null,
  lastAttemptAt: NOW - 60_000,
  resends: 0,
  attention: null,
  attentionAt: null,
  attentionDetail: null,
  amountRuling: null,
  version: 1,
  account: null,
  createdAt: NOW - 120_000,
  beneficiaryName: 'Siti Rahma',
  accountNo: '0012345',
  ...over,
})

// The ledger sent IDR 100,000 (10,000,000 minor units).
const SAME = { amountMinor: 10_000_000, amountText: '100000' }
const OTHER = { amountMinor: 9_000_000, amountText: '90000' }
const UNREADABLE = { amountMinor: null, amountText: '1OO000' }
const NO_AMOUNT = { amountMinor: null, amountText: null }
const says = (
  state: NormalizedState,
  amount: { amountMinor: number | null; amountText: string | null } = SAME,
): Answer => ({
  source: 'query',
  gatewayId: 'G1',
  state: { state, gatewayStatus: state.toUpperCase(), gatewayMessage: null, failureCode: null },
  ...amount,
})

// [why, payout, answer, status after, attention: a reason raised, 'clear', or 'none' (left as it is)]
type Row = [string, Partial<EnginePayout>, Answer, PayoutStatus, AttentionReason | 'clear' | 'none']
const doubt = { status: 'unknown' as const, acknowledged: false }

describe('judgeAnswer', () => {
  it.each<Row>([
    // Open payouts follow the gateway's word.
    ['processing, the gateway says paid', {}, says('succeeded'), 'succeeded', 'none'],
    ['processing, the gateway says failed', {}, says('failed'), 'failed', 'none'],
    ['processing, the same "pending" again', {}, says('processing'), 'processing', 'none'],
    ['processing, no amount in the answer', {}, says('succeeded', NO_AMOUNT), 'succeeded', 'none'],
    [
      'processing, the same amount written otherwise',
      {},
      says('succeeded', { amountMinor: 10_000_000, amountText: '100000.00' }),
      'succeeded',
      'none',
    ],
    // An unknown gateway status goes to Needs review, with a person asked.
    ['processing, a status nobody knows', {}, says('needs_review'), 'needs_review', 'unknown_status'],
    ['in doubt, a status nobody knows', doubt, says('needs_review'), 'needs_review', 'unknown_status'],
    // An amount in question is never marked paid: held in Needs review for a person.
    ['processing, paid with another amount', {}, says('succeeded', OTHER), 'needs_review', 'amount_mismatch'],
    [
      'processing, paid, amount unreadable',
      {},
      says('succeeded', UNREADABLE),
      'needs_review',
      'amount_unreadable',
    ],
    [
      'in doubt, paid with another amount',
      doubt,
      says('succeeded', OTHER),
      'needs_review',
      'amount_mismatch',
    ],
    // ... unless a person already kept the gateway's amount text.
    [
      'processing, the amount a person kept',
      { amountRuling: '1OO000' },
      says('succeeded', UNREADABLE),
      'succeeded',
      'none',
    ],
    // A final state is kept; another amount on it is raised, not applied.
    [
      'paid, another amount reported',
      { status: 'succeeded' },
      says('succeeded', OTHER),
      'succeeded',
      'amount_mismatch',
    ],
    // Final states never change by themselves: late "pending" and repeats change nothing.
    ['paid, a late "pending"', { status: 'succeeded' }, says('processing'), 'succeeded', 'none'],
    ['paid, the same callback again', { status: 'succeeded' }, says('succeeded'), 'succeeded', 'none'],
    ['failed, a late "pending"', { status: 'failed' }, says('processing'), 'failed', 'none'],
    ['failed, said again', { status: 'failed' }, says('failed'), 'failed', 'none'],
    // A final answer that contradicts the ledger, and a reversal, go to a person.
    ['paid, now failed (reversal)', { status: 'succeeded' }, says('failed'), 'succeeded', 'reversal'],
    ['refused, now paid', { status: 'rejected' }, says('succeeded'), 'rejected', 'contradiction'],
    ['marked not sent, now paid', { status: 'cancelled' }, says('succeeded'), 'cancelled', 'contradiction'],
    ['failed, now paid', { status: 'failed' }, says('succeeded'), 'failed', 'contradiction'],
    // The ledger says nothing was created, the gateway has it: Retry must not pay it again.
    [
      'refused, the gateway has it pending',
      { status: 'rejected' },
      says('processing'),
      'rejected',
      'contradiction',
    ],
    [
      'marked not sent, the gateway has it',
      { status: 'cancelled' },
      says('processing'),
      'cancelled',
      'contradiction',
    ],
    // A clear answer settles what only doubt had raised.
    ['in doubt (raised), paid', { ...doubt, attention: 'in_doubt' }, says('succeeded'), 'succeeded', 'clear'],
    ['not found (raised), failed', { ...doubt, attention: 'not_found' }, says('failed'), 'failed', 'clear'],
    [
      're-send refused, paid',
      { ...doubt, attempts: 2, attention: 'resend_refused' },
      says('succeeded'),
      'succeeded',
      'clear',
    ],
    // Once a disagreement waits for a person, later answers wait for their decision too.
    [
      'amount in question, now paid with the same amount',
      { status: 'needs_review', attention: 'amount_mismatch' },
      says('succeeded'),
      'needs_review',
      'none',
    ],
    [
      'reversal waiting, paid again',
      { status: 'succeeded', attention: 'reversal' },
      says('succeeded'),
      'succeeded',
      'none',
    ],
    [
      'contradiction waiting, failed',
      { status: 'rejected', attention: 'contradiction' },
      says('failed'),
      'rejected',
      'none',
    ],
  ])('%s', (_why, over, answer, to, attention) => {
    const d = judgeAnswer(payout(over), answer, NOW)
    expect(d.to).toBe(to)
    if (attention === 'none') expect(d.attention).toBeUndefined()
    else if (attention === 'clear') expect(d.attention).toBeNull()
    else expect(d.attention?.reason).toBe(attention)
  })
})

describe('judgeRefusal', () => {
  const refused = {
    kind: 'rejected' as const,
    reason: 'rate_limited' as const,
    gatewayCode: '429',
    note: { key: 'gwRateLimited', params: { gateway: 'BluePay' } },
    message: 'Too many requests.',
    exchange,
  } as const
  // [why, attempts claimed, payout now, final, attention]
  it.each<[string, number, Partial<EnginePayout>, boolean, AttentionReason | null]>([
    ['the one and only attempt refused', 1, { status: 'submitting', attempts: 1 }, true, null],
    // A refused re-send says nothing about the first attempt: in doubt, checked again, a person told.
    ['a re-send refused', 2, { status: 'submitting', attempts: 2 }, false, 'resend_refused'],
    ['a third attempt refused', 3, { status: 'submitting', attempts: 3 }, false, 'resend_refused'],
    [
      'first claimed, but re-sent meanwhile elsewhere',
      1,
      { status: 'submitting', attempts: 2 },
      false,
      'resend_refused',
    ],
  ])('%s', (_why, claimed, now, final, attention) => {
    const current = payout({ acknowledged: false, ...now })
    const obs = judgeRefusal(payout({ ...now, attempts: claimed }), current, refused, NOW)
    expect(obs.to).toBe(final ? 'rejected' : 'unknown')
    expect(obs.attention?.reason ?? null).toBe(attention)
    if (final) expect(obs.nextCheckAt).toBeNull()
    else expect(obs.nextCheckAt).toBeGreaterThan(NOW)
  })

  // Settled while the request was out: the refusal is recorded but moves nothing and raises nothing.
  it.each<PayoutStatus>(['succeeded', 'failed', 'cancelled'])('already %s meanwhile', (status) => {
    const obs = judgeRefusal(payout({ status: 'submitting' }), payout({ status }), refused, NOW)
    expect(judge(status, obs.to)).not.toBe('apply')
    expect(obs.attention).toBeUndefined()
  })
})

describe('judgeMissingAnswer', () => {
  type Missing = Exclude<QueryOutcome, { kind: 'found' }>
  const notFound: Missing = { kind: 'not_found', exchange }
  const noAnswer: Missing = {
    kind: 'inconclusive',
    reason: 'timeout',
    gatewayCode: null,
    note: { key: 'gwTimeout', params: { gateway: 'BluePay' } },
    message: 'No answer.',
    exchange,
  }
  const within = NOW - SETTLE + 1
  const after = NOW - SETTLE
  // [why, payout, outcome, status after, re-send?, attention raised]
  it.each<[string, Partial<EnginePayout>, Missing, PayoutStatus, boolean, AttentionReason | null]>([
    // "Not found" is only "not yet" within the settle period after the last send.
    [
      'not found within the settle period',
      { ...doubt, lastAttemptAt: within },
      notFound,
      'unknown',
      false,
      null,
    ],
    [
      'not found, never sent time, within',
      { ...doubt, lastAttemptAt: null, createdAt: within },
      notFound,
      'unknown',
      false,
      null,
    ],
    // After it: re-sent under the same reference, at most twice.
    [
      'not found after the settle period',
      { ...doubt, lastAttemptAt: after },
      notFound,
      'unknown',
      true,
      null,
    ],
    [
      'not found after it, one re-send so far',
      { ...doubt, lastAttemptAt: after, resends: 1 },
      notFound,
      'unknown',
      true,
      null,
    ],
    [
      'not found, left mid-send',
      { status: 'submitting', acknowledged: false, lastAttemptAt: after },
      notFound,
      'unknown',
      true,
      null,
    ],
    // Then a person.
    [
      'still not found after two re-sends',
      { ...doubt, lastAttemptAt: after, resends: 2 },
      notFound,
      'unknown',
      false,
      'not_found',
    ],
    // A payout the gateway confirmed cannot have been missed: never re-sent, a person asked.
    ['confirmed before, now not found', { lastAttemptAt: after }, notFound, 'processing', false, 'not_found'],
    [
      'confirmed, in doubt, not found',
      { status: 'unknown', acknowledged: true, lastAttemptAt: within },
      notFound,
      'unknown',
      false,
      'not_found',
    ],
    // No answer: in doubt goes to a person only after the settle period (Vexora has no "not found").
    ['no answer, in doubt, within', { ...doubt, lastAttemptAt: within }, noAnswer, 'unknown', false, null],
    [
      'no answer, in doubt, after',
      { ...doubt, lastAttemptAt: after },
      noAnswer,
      'unknown',
      false,
      'in_doubt',
    ],
    [
      'no answer, Vexora in doubt, after',
      { ...doubt, provider: 'vexora', lastAttemptAt: after },
      noAnswer,
      'unknown',
      false,
      'in_doubt',
    ],
    [
      'no answer, left mid-send, after',
      { status: 'submitting', acknowledged: false, lastAttemptAt: after },
      noAnswer,
      'unknown',
      false,
      'in_doubt',
    ],
    ['no answer, processing', { lastAttemptAt: after }, noAnswer, 'processing', false, null],
    // Already waiting for a person: kept as it is, not raised again.
    [
      'no answer, already raised',
      { ...doubt, lastAttemptAt: after, attention: 'in_doubt' },
      noAnswer,
      'unknown',
      false,
      null,
    ],
    [
      'not found, already raised',
      { ...doubt, lastAttemptAt: after, resends: 2, attention: 'not_found' },
      notFound,
      'unknown',
      false,
      null,
    ],
  ])('%s', (_why, over, outcome, to, resend, attention) => {
    const r = judgeMissingAnswer(payout(over), outcome, NOW, RULES)
    expect(r.observation.to).toBe(to)
    expect(r.resend).toBe(resend)
    expect(r.observation.attention?.reason ?? null).toBe(attention)
    // A payout keeps a next check until it is final, even while it waits for a person.
    expect(r.observation.nextCheckAt).not.toBeNull()
    if (resend) expect(r.observation.resends).toBe((over.resends ?? 0) + 1)
  })
})
