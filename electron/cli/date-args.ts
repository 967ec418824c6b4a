import { UsageError } from './cli-context.ts'

/**
 * A date typed at the command line, in this computer's time zone as `list` prints times: `2026-12-01`
 * means that day from its local midnight (with `endOfDay`, up to the next midnight, so `--to` includes
 * the day it names); a full time with its zone (`2026-12-01T15:04:05+07:00`) is taken as written.
 */
export function dateArg(flag: string, value: string | undefined, endOfDay = false): number | undefined {
  if (value === undefined) return undefined
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim())
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])]
    const start = new Date(y, m, d + (endOfDay ? 1 : 0))
    // new Date rolls 2026-02-31 over into March; a day that does not exist is a typo.
    const check = new Date(y, m, d)
    if (check.getFullYear() === y && check.getMonth() === m && check.getDate() === d) return start.getTime()
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value.trim())) {
    const ms = Date.parse(value.trim())
    if (Number.isFinite(ms)) return ms
  }
  throw new UsageError(
    `--${flag} takes a date like 2026-12-01 (this computer's time zone) or 2026-12-01T15:04:05+07:00, not "${value}"`,
  )
}

/** A positive whole number for --limit. */
export function limitArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1)
    throw new UsageError(`--limit takes a whole number from 1, not "${value}"`)
  return Number(value)
}
