import type { Channel, EventListenerKey, EventName } from './channels.ts'
import type { ChannelInput, ChannelOutput, EventPayloads } from './contract.ts'
import type { IpcResult } from './result.ts'

type Args<C extends Channel> =
  undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>]

/** The shape of `window.api`: one named function per channel and one subscriber per event. */
export type PayoutDeskApi = {
  [C in Channel]: (...args: Args<C>) => Promise<IpcResult<ChannelOutput<C>>>
} & {
  [E in EventName as EventListenerKey<E>]: (listener: (payload: EventPayloads[E]) => void) => () => void
}
