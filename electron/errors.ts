import type { IpcErrorCode } from '../shared/ipc/result.ts'
import { wordError, type ErrorText } from '../shared/messages/errors.ts'

/**
 * An error written for the person at the screen: it says what happened and what to do. Anything else that
 * escapes a handler is reported as INTERNAL with a generic sentence, because its message was written for
 * developers and may carry details that do not belong in the window.
 *
 * It carries a key of shared/messages/errors.ts and its parameters, never a finished sentence: the window
 * and the command line word it in the person's language. `message` holds the English wording for logs.
 */
export class AppError extends Error {
  readonly code: IpcErrorCode
  readonly text: ErrorText
  constructor(code: IpcErrorCode, text: ErrorText, options?: ErrorOptions) {
    super(wordError(text, 'en'), options)
    this.name = 'AppError'
    this.code = code
    this.text = text
  }
}
