import { AppError } from '../errors.ts'
import { getProfile } from '../ledger/profiles-repo.ts'
import type { ActionContext } from './context.ts'

/**
 * A profile that cannot send (a Vexora profile without its callback address) would leave what is written
 * queued for good: refused before anything is written, by every action that writes a payout to send (New
 * payout and `pay`, a file from the window or `send`, Retry), so no door can forget it.
 */
export async function refuseIfCannotSend(
  ctx: Pick<ActionContext, 'ledger' | 'engine'>,
  profileId: string,
): Promise<void> {
  const why = await ctx.engine.cannotSend(profileId)
  if (why)
    throw new AppError('INVALID_INPUT', {
      key: why.key,
      params: { ...why.params, profile: getProfile(ctx.ledger, profileId)?.name ?? '' },
    })
}
