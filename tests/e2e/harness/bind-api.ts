import type { Page } from '@playwright/test'
import type { PayoutDeskApi } from '../../../shared/ipc/api.ts'
import { CHANNELS, EVENTS, type EventName } from '../../../shared/ipc/channels.ts'
import type { EventPayloads } from '../../../shared/ipc/contract.ts'
import { dispatch, type Handlers } from '../../../electron/ipc/dispatch.ts'

declare global {
  interface Window {
    readonly api: PayoutDeskApi
    __payoutDeskInvoke?: (channel: string, input: unknown) => Promise<unknown>
    __payoutDeskEmit?: (event: string, payload: unknown) => void
  }
}

/**
 * Gives the page the same `window.api` the preload gives it in Electron, with every call going through
 * the real dispatch + handler table in this (Node) process. The only thing replaced is the transport.
 */
export async function bindApi(page: Page, handlers: Handlers, errors: unknown[]): Promise<void> {
  await page.exposeBinding('__payoutDeskInvoke', (_source, channel: string, input: unknown) =>
    dispatch(handlers, channel, input, (_channel, error) => errors.push(error)),
  )
  await page.addInitScript(
    ({ channels, events }) => {
      const listeners = new Map<string, Set<(payload: unknown) => void>>()
      const api: Record<string, unknown> = {}
      for (const channel of channels) {
        api[channel] = (input?: unknown) => {
          if (!window.__payoutDeskInvoke) throw new Error('harness binding missing')
          return window.__payoutDeskInvoke(channel, input)
        }
      }
      for (const event of events) {
        const key = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`
        api[key] = (listener: (payload: unknown) => void) => {
          const set = listeners.get(event) ?? new Set()
          listeners.set(event, set)
          set.add(listener)
          return () => set.delete(listener)
        }
      }
      window.__payoutDeskEmit = (event, payload) => listeners.get(event)?.forEach((l) => l(payload))
      Object.defineProperty(window, 'api', { value: Object.freeze(api) })
    },
    { channels: [...CHANNELS], events: [...EVENTS] },
  )
}

/** The harness's equivalent of webContents.send: delivers a push event to the page. */
export function pageEmitter(getPage: () => Page | null) {
  return <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    const page = getPage()
    if (!page || page.isClosed()) return
    void page
      .evaluate(([e, p]) => window.__payoutDeskEmit?.(e, p), [event, payload] as const)
      .catch(() => undefined)
  }
}
