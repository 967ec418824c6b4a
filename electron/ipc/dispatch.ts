import { z } from 'zod'
import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts'
import { CONTRACT, type ChannelOutput, type ChannelParsed } from '../../shared/ipc/contract.ts'
import type { IpcFailure, IpcResult } from '../../shared/ipc/result.ts'
import { AppError } from '../errors.ts'

export type Handlers = {
  [C in Channel]: (input: ChannelParsed<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>
}

export type ErrorLogger = (channel: string, error: unknown) => void

/** What the window gets for a refusal: the code, the English text, and the key it words itself. */
function refusal(error: AppError): IpcFailure {
  return {
    ok: false,
    code: error.code,
    message: error.message,
    key: error.text.key,
    params: error.text.params ?? {},
  }
}

const isChannel = (name: string): name is Channel => (CHANNELS as readonly string[]).includes(name)

async function run(handlers: Handlers, channel: Channel, raw: unknown): Promise<IpcResult<unknown>> {
  const parsed = CONTRACT[channel].input.safeParse(raw)
  if (!parsed.success) {
    return refusal(
      new AppError('INVALID_INPUT', {
        key: 'invalidRequest',
        params: { detail: z.prettifyError(parsed.error) },
      }),
    )
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
  if (!isChannel(channel))
    return refusal(new AppError('UNKNOWN_CHANNEL', { key: 'unknownRequest', params: { channel } }))
  try {
    return await run(handlers, channel, raw)
  } catch (error) {
    if (error instanceof AppError) return refusal(error)
    logError(channel, error)
    return refusal(new AppError('INTERNAL', { key: 'internal' }))
  }
}
