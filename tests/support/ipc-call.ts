import { dispatch, type Handlers } from '../../electron/ipc/dispatch.ts'
import type { Channel } from '../../shared/ipc/channels.ts'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc/contract.ts'
import type { IpcFailure, IpcResult } from '../../shared/ipc/result.ts'

/** Calls a channel through the real dispatch, as the window does; a refusal throws with its message. */
export function ipcCaller(handlers: () => Handlers) {
  const raw = async <C extends Channel>(channel: C, input?: ChannelInput<C>) =>
    (await dispatch(handlers(), channel, input, (_c, error) => {
      throw error
    })) as IpcResult<ChannelOutput<C>>
  return {
    raw,
    call: async <C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const result = await raw(channel, input)
      if (!result.ok) throw new Error(`${result.code}: ${result.message}`)
      return result.value
    },
    refusal: async <C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<IpcFailure> => {
      const result = await raw(channel, input)
      if (result.ok) throw new Error(`${channel} was accepted`)
      return result
    },
  }
}
