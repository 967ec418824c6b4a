import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS, EVENTS, eventListenerKey, ipcChannel, ipcEvent } from '../../shared/ipc/channels.ts'

// One named function per channel and one subscriber per event; no generic invoke reaches the page.
const api: Record<string, unknown> = {}
for (const channel of CHANNELS) {
  api[channel] = (input?: unknown) => ipcRenderer.invoke(ipcChannel(channel), input)
}
for (const event of EVENTS) {
  api[eventListenerKey(event)] = (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(ipcEvent(event), forward)
    return () => ipcRenderer.removeListener(ipcEvent(event), forward)
  }
}
contextBridge.exposeInMainWorld('api', Object.freeze(api))
