import { DISAGREEMENT_REASONS } from '../../shared/domain/attention.ts'
import { isFinalStatus, type PayoutStatus } from '../../shared/domain/payout-status.ts'
import { judge, type TransitionVerdict } from '../../shared/domain/state-machine.ts'
import type { EnginePayout, Observation } from './payout-store.ts'

/** What an observation does to a payout as stored: the same for every ledger that keeps one. */
export interface ObservationPlan {
  verdict: TransitionVerdict
  /** The status it has afterwards. */
  to: PayoutStatus
  /** The state machine ignored it: the gateway's words on the row stay as they were. */
  ignored: boolean
  /** A call for a person that would be raised about a payout final by now, and is not. */
  moot: boolean
  /** The observation sets (or clears) the call for a person. */
  attentionSet: boolean
  /** ...to another reason than the payout had: its time and version move. */
  attentionMoves: boolean
  raise: NonNullable<Observation['attention']> | null
}

export function planObservation(current: EnginePayout, obs: Observation): ObservationPlan {
  const verdict = obs.byPerson
    ? current.status === obs.to
      ? 'same'
      : 'apply'
    : judge(current.status, obs.to)
  const ignored = verdict === 'ignore'
  // A call for a person rides on the observation: one the state machine ignores raises nothing. Nor
  // does doubt about a payout that is final by now (a callback settled it while the gateway was being
  // asked): a final payout goes to a person only when an answer disagrees with it.
  const moot =
    !obs.byPerson &&
    isFinalStatus(current.status) &&
    obs.attention != null &&
    !DISAGREEMENT_REASONS.has(obs.attention.reason)
  const attentionSet = obs.attention !== undefined && !ignored && !moot
  const raise = attentionSet ? (obs.attention ?? null) : null
  return {
    verdict,
    to: verdict === 'apply' ? obs.to : current.status,
    ignored,
    moot,
    attentionSet,
    attentionMoves: attentionSet && (raise?.reason ?? null) !== current.attention,
    raise,
  }
}
