import type { IpcErrorCode, IpcResult } from '../../../shared/ipc/result.ts'

/** A failure from main, carrying the plain-language message main wrote for the person at the screen. */
export class ApiError extends Error {
  readonly code: IpcErrorCode
  constructor(code: IpcErrorCode, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending
  if (!result.ok) throw new ApiError(result.code, result.message)
  return result.value
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
