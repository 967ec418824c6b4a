import i18next from 'i18next'
import type { IpcErrorCode, IpcFailure, IpcResult } from '../../../shared/ipc/result.ts'
import { isErrorKey, wordError } from '../../../shared/messages/errors.ts'

/** A failure from main, worded for the person at the screen in the language they chose. */
export class ApiError extends Error {
  readonly code: IpcErrorCode
  /** The message's key, when main sent one: a screen may offer what the refusal asks for. */
  readonly key: string | undefined
  constructor(code: IpcErrorCode, message: string, key?: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.key = key
  }
}

/** Main sends a key and its parameters; the window words it. Older messages still come as English. */
export function refusalText(failure: IpcFailure): string {
  if (!isErrorKey(failure.key)) return failure.message
  const language = i18next.language === 'zh-CN' ? 'zh-CN' : 'en'
  return wordError({ key: failure.key, params: failure.params ?? {} }, language)
}

export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending
  if (!result.ok) throw new ApiError(result.code, refusalText(result), result.key)
  return result.value
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
