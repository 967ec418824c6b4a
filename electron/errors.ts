import type { IpcErrorCode } from '../shared/ipc/result.ts'

/**
 * An error whose message is written for the person at the screen: it says what happened and what to do.
 * Anything else that escapes a handler is reported as INTERNAL with a generic sentence, because its
 * message was written for developers and may carry details that do not belong in the window.
 */
export class AppError extends Error {
  readonly code: IpcErrorCode
  constructor(code: IpcErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'AppError'
    this.code = code
  }
}
