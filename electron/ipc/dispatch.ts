import { z } from 'zod'
import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts'
import { CONTRACT, type ChannelOutput, type ChannelParsed } from '../../shared/ipc/contract.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'
import { AppError } from '../errors.ts'

export type Handlers = {
  [C in Channel]: (input: ChannelParsed<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>
}

export type ErrorLogger = (channel: string, error: unknown) => void

const isChannel = (name: string): name is Channel => (CHANNELS as readonly string[]).includes(name)

async function run(handlers: Handlers, channel: Channel, raw: unknown): Promise<IpcResult<unknown>> {
  const parsed = CONTRACT[channel].input.safeParse(raw)
  if (!parsed.success) {
    return {
      ok: false,
      code: 'INVALID_INPUT',
      message: `The request was not valid: ${z.prettifyError(parsed.error)}`,
    }
  }
  const handler = handlers[channel] as (input: unknown) => unknown
  return { ok: true, value: await handler(parsed.data) }
}

/**
 * The single door into main for the window (and for the e2e harness, which binds the same function):
 * unknown channels and invalid input are refused before any handler runs, and every failure becomes a
 * typed result instead of a rejected promise.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  raw: unknown,
  logError: ErrorLogger,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, code: 'UNKNOWN_CHANNEL', message: `Payout Desk has no request named "${channel}".` }
  }
  try {
    return await run(handlers, channel, raw)
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message }
    logError(channel, error)
    return {
      ok: false,
      code: 'INTERNAL',
      message:
        'Something went wrong inside Payout Desk. Check History before trying again; if it keeps happening, restart the app.',
    }
  }
}
