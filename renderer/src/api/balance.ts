import type { BalanceResult } from '../../../shared/ipc/profiles-contract.ts'
import { unwrap } from './call.ts'
import { noteText } from './stored-text.ts'

/** A gateway balance as a screen shows it: the figure, and why a fresh one could not be had, in words. */
export type ShownBalance = Omit<BalanceResult, 'problem'> & { problem: string | null }

export async function freshBalance(profileId: string): Promise<ShownBalance> {
  const result = await unwrap(window.api.getBalance({ profileId, refresh: true }))
  return { ...result, problem: result.problem && noteText(result.problem) }
}
