import { AppError } from '../errors.ts'
import type { CurrencyCode } from '../../shared/money.ts'
import { batchIdsStartingWith, type BatchHeadline } from '../ledger/batches-repo.ts'
import { money } from './cli-context.ts'
import type { Services } from '../services/create-services.ts'

/**
 * Batches are named at the command line by the first 8 characters of their id, as git names commits:
 * people read and type `3f9c2a1b`, not a 36-character UUID. Scripts may still pass the whole id, which
 * --json prints.
 */
const SHORT_LENGTH = 8

export const shortBatch = (id: string): string => id.slice(0, SHORT_LENGTH)

/**
 * The whole id of the batch a person named by its id or the start of it, 8 characters at least (what is
 * printed): resume, release, retry and cancel act on the batch named, and a shorter start mistyped by a
 * character could name another batch of a busy ledger.
 */
export function fullBatchId(services: Services, named: string): string {
  const text = named.trim()
  if (!/^[0-9a-f-]+$/i.test(text)) return text
  if (text.length < SHORT_LENGTH)
    throw new AppError('INVALID_INPUT', {
      key: 'batchNameShort',
      params: { start: text, length: SHORT_LENGTH },
    })
  const found = batchIdsStartingWith(services.ledger, text)
  if (found.length > 1)
    throw new AppError('INVALID_INPUT', { key: 'batchNameAmbiguous', params: { start: text } })
  return found[0] ?? text
}

/** `Batch 3f9c2a1b (june.csv), profile "Acme" (test money)`: the batch as the person knows it. */
export const batchWords = (batchId: string, b: BatchHeadline): string =>
  `Batch ${shortBatch(batchId)} (${b.fileName ?? 'no file'}), profile "${b.profileName}" ` +
  `(${b.environment === 'production' ? 'REAL MONEY' : 'test money'})`

/** A batch's sum in its own currency. */
export const batchMoney = (b: BatchHeadline, minor: number): string =>
  money(minor, (b.currency ?? 'IDR') as CurrencyCode)
