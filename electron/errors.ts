import type { IpcErrorCode } from '../shared/ipc/result.ts'
import { wordError, type ErrorText } from '../shared/messages/errors.ts'

/**
 * An error whose message is written for the person at the screen: it says what happened and what to do.
 * Anything else that escapes a handler is reported as INTERNAL with a generic sentence, because its
 * message was written for developers and may carry details that do not belong in the window.
 *
 * Given an `ErrorText` (a key of shared/messages/errors.ts and its parameters), the window and the command
 * line word it in the person's language; `message` holds the English wording for logs. A plain string is
 * English only: messages move to keys as they are touched.
 */
export class AppError extends Error {
  readonly code: IpcErrorCode
  readonly text: ErrorText | null
  constructor(code: IpcErrorCode, message: string | ErrorText, options?: ErrorOptions) {
    super(typeof message === 'string' ? message : wordError(message, 'en'), options)
    this.name = 'AppError'
    this.code = code
    this.text = typeof message === 'string' ? null : message
  }
}
