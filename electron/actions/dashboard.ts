import { AppError } from '../errors.ts'
import type { LedgerReads } from '../services/read-ops.ts'

/** The window's day starts, refused unless each comes after the one before. */
export function daysInOrder(dayStarts: readonly number[]): readonly number[] {
  if (dayStarts.some((d, i) => i > 0 && d <= (dayStarts[i - 1] ?? 0)))
    throw new AppError('INVALID_INPUT', { key: 'dashboardDaysOrder' })
  return dayStarts
}

/** The desk's own book at a glance over the window's local days, read off the main thread. */
export const deskDashboard = (reads: LedgerReads, dayStarts: readonly number[], weekStart: number) =>
  reads.dashboard(daysInOrder(dayStarts), weekStart)
