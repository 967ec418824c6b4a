import log from 'electron-log/node'
import { join } from 'node:path'
import { ensurePrivateDir } from '../private-files.ts'
import { MASK, createRedactor, isSecretField, type Redactor } from '../secrets/redactor.ts'

export interface ErrorLog {
  /** The folder "Open log folder" shows: the current file and the one before it. */
  folder: string
  file: string
  /** Learns the secrets handed out in this process, so they never reach the log in any spelling. */
  redactor: Redactor
  write: (where: string, error: unknown) => void
}

export interface ErrorLogOptions {
  /** The file is moved aside as main.old.log (replacing the one before) when it passes this size. */
  maxBytes?: number
  /** Also print each line, redacted, on stderr (the app while developing; off in tests). */
  echo?: boolean
}

const REPEAT_WINDOW_MS = 60_000

// An object's field named like a secret goes whole, whatever it holds (a nested key, a Buffer, a number).
const withoutSecretFields = (key: string, value: unknown): unknown =>
  key !== '' && isSecretField(key) ? MASK : value

/** A thrown non-Error (a string, a plain object) as text; never "[object Object]". */
function plain(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    // undefined for a function or a symbol, whatever the type says.
    const text = JSON.stringify(value, withoutSecretFields) as unknown
    return typeof text === 'string' ? text : typeof value
  } catch {
    return typeof value
  }
}

/** The error, its stack and its causes, as one block of text. */
function describe(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.stack ?? `${current.name}: ${current.message}`)
      current = current.cause
    } else {
      parts.push(plain(current))
      current = undefined
    }
  }
  return parts.join('\ncaused by: ')
}

/**
 * Main's errors, written to `<data folder>/logs/main.log` (0600 in a 0700 folder, rotated at 1 MiB) so a
 * desktop user has something to send to support; secrets and signatures are redacted first.
 */
export function createErrorLog(dataDir: string, options: ErrorLogOptions = {}): ErrorLog {
  const folder = join(dataDir, 'logs')
  const file = join(folder, 'main.log')
  ensurePrivateDir(folder)
  const redactor = createRedactor()
  const logger = log.create({ logId: `payout-desk:${file}` })
  logger.transports.console.level = false
  logger.transports.file.level = 'info'
  logger.transports.file.resolvePathFn = () => file
  logger.transports.file.maxSize = options.maxBytes ?? 1024 ** 2
  logger.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' }
  const emit = (line: string) => {
    logger.error(line)
    if (options.echo) console.error(line)
  }
  // One cause often fails many payouts at once (a gateway down while 450 wait for a check): the error
  // is written once, then how often it came again, so the file keeps its history instead of 450 copies.
  let last: { text: string; at: number; repeats: number; where: string } | null = null
  const flushRepeats = () => {
    if (last && last.repeats > 0)
      emit(`[repeated] the error above ${last.repeats} more times (last: ${last.where})`)
  }
  return {
    folder,
    file,
    redactor,
    write(where, error) {
      const text = redactor.redact(describe(error))
      const at = Date.now()
      if (last?.text === text && at - last.at < REPEAT_WINDOW_MS) {
        last.repeats += 1
        last.where = redactor.redact(where)
        return
      }
      flushRepeats()
      emit(redactor.redact(`[${where}] ${text}`))
      last = { text, at, repeats: 0, where }
    },
  }
}
