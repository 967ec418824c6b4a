import type { ProviderId } from '../../shared/domain/providers.ts'

/** Where a profile's day is counted unless the owner says otherwise: the gateway's country. */
export const DEFAULT_TIME_ZONE: Record<ProviderId, string> = {
  vexora: 'Asia/Jakarta',
  bluepay: 'Asia/Bangkok',
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** The wall-clock offset of `timeZone` at `at` in milliseconds (positive east of UTC). */
function offsetAt(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return wall - Math.floor(at / 1000) * 1000
}

/**
 * The first millisecond of the calendar day that `now` falls in, in `timeZone`. Computed with Intl from
 * the zone's rules, never from the process's TZ, so every process on every computer counts the same day.
 */
export function startOfDayIn(timeZone: string, now: number): number {
  const local = now + offsetAt(timeZone, now)
  const midnightWall = local - (((local % 86_400_000) + 86_400_000) % 86_400_000)
  // The offset at midnight may differ from now's (a daylight-saving change that day).
  let start = midnightWall - offsetAt(timeZone, midnightWall - offsetAt(timeZone, now))
  if (start > now) start -= 86_400_000
  return start
}
