import {
  DISAGREEMENT_REASONS,
  type AttentionAction,
  type AttentionReason,
} from '../../shared/domain/attention.ts'
import { isFinalStatus } from '../../shared/domain/payout-status.ts'
import type { AttentionItem, AttentionList } from '../../shared/ipc/attention-contract.ts'
import type { Ledger } from '../ledger/open-ledger.ts'
import { getProfile, type ProfileRecord } from '../ledger/profiles-repo.ts'
import { payoutsNeedingAttention, type EnginePayout } from '../ledger/payout-store.ts'
import { listAwaitingRelease } from './release-limits.ts'

/** The reason in plain English, for the CLI and the logs; the window words it from the reason itself. */
export const ATTENTION_MESSAGES: Record<AttentionReason, string> = {
  in_doubt:
    'Sent, but the gateway never gave a clear answer. It may or may not have been paid: check it with the gateway, then say what you found.',
  not_found:
    'The gateway says it does not have this payout, even after it was sent again. Check with the gateway before anything else is sent.',
  resend_refused:
    'The gateway refused a re-send under the same reference. The first attempt may still be paid, so nothing was marked failed.',
  unknown_status: 'The gateway answered with a status Payout Desk does not know. Check it with the gateway.',
  amount_mismatch:
    'The gateway reports another amount than the ledger sent. Nothing is marked paid until you decide.',
  amount_unreadable:
    'The gateway reports an amount Payout Desk cannot read for certain. Nothing is marked paid until you decide.',
  contradiction:
    'The gateway reports an outcome that contradicts the ledger (for example paid, where the ledger says it was refused). Decide which is right before paying it again.',
  reversal:
    'The gateway now reports as failed a payout the ledger had as paid. Check with the gateway whether the money came back.',
  account_changed:
    'Its profile now names another gateway account than the one this payout was sent to, so it is not checked automatically any more.',
}

/**
 * Only what is safe for this payout now. A re-send needs a payout the gateway never confirmed (both
 * gateways refuse a repeated reference, so a re-send of one they have is refused, not paid); "ask" is
 * pointless once a disagreement waits for a person; settling a disagreement is the person's alone.
 */
export function actionsFor(payout: EnginePayout): AttentionAction[] {
  const reason = payout.attention
  if (!reason) return []
  if (DISAGREEMENT_REASONS.has(reason)) return ['keep-gateway', 'keep-ledger']
  if (isFinalStatus(payout.status)) return []
  // "Not sent" only for what the gateway never confirmed: one it confirmed cannot have been missed.
  const unconfirmed = !payout.acknowledged && (payout.status === 'unknown' || payout.status === 'submitting')
  if (reason === 'account_changed') return unconfirmed ? ['not-sent', 'paid'] : ['paid']
  if (reason === 'unknown_status') return ['ask', 'paid']
  return unconfirmed ? ['ask', 'resend', 'not-sent', 'paid'] : ['ask', 'paid']
}

/** A payout that waits for a person, as the window and the command line show it (either ledger). */
export function attentionItemOf(payout: EnginePayout, profile: ProfileRecord): AttentionItem {
  const reason = payout.attention as AttentionReason
  const actions = actionsFor(payout)
  return {
    id: payout.id,
    reference: payout.reference,
    profileId: payout.profileId,
    profileName: profile.name,
    provider: payout.provider,
    environment: payout.account?.environment ?? profile.environment,
    status: payout.status,
    reason,
    message: ATTENTION_MESSAGES[reason],
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    beneficiaryName: payout.beneficiaryName,
    accountNo: payout.accountNo,
    createdAt: payout.createdAt,
    since: payout.attentionAt ?? payout.createdAt,
    attempts: payout.attempts,
    lastAttemptAt: payout.lastAttemptAt,
    checks: payout.checkFailures,
    gateway: payout.attentionDetail?.gateway ?? null,
    ledger: payout.attentionDetail?.ledger ?? null,
    actions,
    resendSafety: actions.includes('resend')
      ? payout.provider === 'vexora'
        ? 'vexora_refuses_repeated_tradeno'
        : 'gateway_refuses_repeats'
      : null,
    version: payout.version,
  }
}

export function listAttention(db: Ledger, profileId?: string): AttentionList {
  const profiles = new Map<string, ProfileRecord | null>()
  const items: AttentionItem[] = []
  for (const payout of payoutsNeedingAttention(db, profileId)) {
    if (!profiles.has(payout.profileId)) profiles.set(payout.profileId, getProfile(db, payout.profileId))
    const profile = profiles.get(payout.profileId)
    if (profile) items.push(attentionItemOf(payout, profile))
  }
  return { items, count: items.length, awaitingRelease: listAwaitingRelease(db) }
}
