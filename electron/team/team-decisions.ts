import type pg from 'pg'
import type { AttentionAction } from '../../shared/domain/attention.ts'
import type { PayoutStatus } from '../../shared/domain/payout-status.ts'
import { AppError } from '../errors.ts'

type Db = Pick<pg.ClientBase, 'query'>

/** The team's payouts that wait for a person's decision, the longest waiting first. */
export async function teamAttentionIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM payout_desk.payouts WHERE attention IS NOT NULL ORDER BY attention_at, id',
  )
  return rows.map((r) => r.id)
}

export interface TeamDecisionWrite {
  action: AttentionAction
  note: string | null
  /** What the payout becomes; null for ask and resend, which the desk then carries out under its lease. */
  to: PayoutStatus | null
  /** With paid: the gateway's id of the payout, as the person found it. */
  gatewayId?: string | null
}

const REFUSALS: Record<string, (cause: unknown) => AppError> = {
  PD010: (cause) => new AppError('CONFLICT', { key: 'payoutChangedSinceSeen' }, { cause }),
  PD011: (cause) => new AppError('CONFLICT', { key: 'noDecisionNeeded' }, { cause }),
  PD012: (cause) => new AppError('INVALID_INPUT', { key: 'choiceNotAvailable' }, { cause }),
  PD014: (cause) => new AppError('CONFLICT', { key: 'gatewayBusyWithPayout' }, { cause }),
  P0002: (cause) => new AppError('NOT_FOUND', { key: 'payoutNotFound' }, { cause }),
}

/**
 * Writes a person's decision about a team payout as the connected login (team-decision-schema.ts), only
 * if the payout is still at the version the person saw and the decision is one a person may make.
 */
export async function writeTeamDecision(
  db: Db,
  payoutId: string,
  seenVersion: number,
  decision: TeamDecisionWrite,
): Promise<void> {
  try {
    await db.query('SELECT payout_desk.decide_payout($1, $2, $3)', [payoutId, seenVersion, decision])
  } catch (error) {
    const refusal = REFUSALS[(error as { code?: string }).code ?? '']
    if (refusal) throw refusal(error)
    throw error
  }
}
