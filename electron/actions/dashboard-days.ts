import { AppError } from '../errors.ts'

/** The window's day starts, refused unless each comes after the one before. */
export function daysInOrder(dayStarts: readonly number[]): readonly number[] {
  if (dayStarts.some((d, i) => i > 0 && d <= (dayStarts[i - 1] ?? 0)))
    throw new AppError('INVALID_INPUT', { key: 'dashboardDaysOrder' })
  return dayStarts
}
