import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { CHANNELS, ipcChannel, ipcEvent, type EventName } from '../../shared/ipc/channels.ts'
import type { EventPayloads } from '../../shared/ipc/contract.ts'
import { dispatch, type ErrorLogger, type Handlers } from '../ipc/dispatch.ts'
import { isAppUrl } from './security-policy.ts'

/** Registers every channel of the handler table. Requests from any frame but our window's are refused. */
export function registerIpc(
  handlers: Handlers,
  getWindow: () => BrowserWindow | null,
  devServerUrl: string | undefined,
  logError: ErrorLogger,
): void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const win = getWindow()
    const frameUrl = event.senderFrame?.url ?? ''
    return win !== null && event.sender === win.webContents && isAppUrl(frameUrl, devServerUrl)
  }
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannel(channel), (event, input: unknown) => {
      if (!trusted(event)) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          message: 'This request did not come from the Payout Desk window.',
        }
      }
      return dispatch(handlers, channel, input, logError)
    })
  }
}

export function eventSender(getWindow: () => BrowserWindow | null) {
  return <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    getWindow()?.webContents.send(ipcEvent(event), payload)
  }
}
