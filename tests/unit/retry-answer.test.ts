import { isErrorKey } from '../../shared/messages/errors.ts'
import { describe, expect, it } from 'vitest'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import type { QueryOutcome } from '../../electron/providers/types.ts'
import { judgeRetry, type FreshAnswer } from '../../electron/payouts/retry-answer.ts'

const exchange = {
  request: { method: 'POST' as const, url: 'http://gw', headers: {}, body: '{}' },
  response: null,
  error: null,
  durationMs: 1,
}
const found = (state: 'processing' | 'succeeded' | 'failed' | 'needs_review'): FreshAnswer => ({
  kind: 'asked',
  outcome: {
    kind: 'found',
    gatewayId: 'G1',
    state: { state, gatewayStatus: state, gatewayMessage: null, failureCode: null },
    amountMinor: null,
    amountText: null,
    exchange,
  } as QueryOutcome,
})
const notFound: FreshAnswer = { kind: 'asked', outcome: { kind: 'not_found', exchange } }
const inconclusive: FreshAnswer = {
  kind: 'asked',
  outcome: {
    kind: 'inconclusive',
    reason: 'gateway_error',
    gatewayCode: '8000',
    note: { key: 'gwCheckFailed', params: { gateway: 'Vexora' } },
    message: 'no answer.',
    exchange,
  },
}
const SETTLE = 600_000
const NOW = 10_000_000

// Every pair of what the ledger holds and what the gateway says now: Retry pays again only on a yes.
describe('judgeRetry', () => {
  const cases: [string, PayoutStatus, number, number, FreshAnswer, boolean, boolean?][] = [
    ['never sent', 'cancelled', 0, 0, { kind: 'unasked', cause: 'never-sent' }, true],
    ['the gateway says failed', 'failed', 1, NOW - 1, found('failed'), true],
    ['the gateway says paid', 'cancelled', 1, NOW - SETTLE, found('succeeded'), false],
    ['the gateway says still working', 'failed', 1, NOW - SETTLE, found('processing'), false],
    ['the gateway does not know its status', 'failed', 1, NOW - SETTLE, found('needs_review'), false],
    ['not found after the settle period', 'cancelled', 2, NOW - SETTLE, notFound, true],
    ['not found within the settle period', 'cancelled', 1, NOW - SETTLE + 1, notFound, false],
    ['no answer, marked not sent', 'cancelled', 1, NOW - SETTLE, inconclusive, false],
    ['no answer, failed before', 'failed', 1, NOW - SETTLE, inconclusive, false],
    ['no answer, but the gateway refused the only request', 'rejected', 1, NOW - 1, inconclusive, true],
    ['no answer, a refused re-send', 'rejected', 2, NOW - 1, inconclusive, false],
    // A person kept the ledger's "rejected" where the gateway had said it had the payout.
    [
      'no answer, refused in the ledger but the gateway had it',
      'rejected',
      1,
      NOW - 1,
      inconclusive,
      false,
      true,
    ],
    ['keychain locked', 'cancelled', 1, NOW - SETTLE, { kind: 'unasked', cause: 'keychain' }, false],
    ['someone else holds it', 'failed', 1, NOW - SETTLE, { kind: 'busy' }, false],
  ]
  for (const [name, status, attempts, lastAttemptAt, fresh, definite, acknowledged = false] of cases)
    it(`${definite ? 'pays again' : 'refuses'}: ${name}`, () => {
      const answer = judgeRetry({ status, attempts, lastAttemptAt, acknowledged }, fresh, NOW, SETTLE)
      expect(answer.definite).toBe(definite)
      if (!answer.definite) expect(isErrorKey(answer.why.key)).toBe(true)
    })
})
