import { AppError } from '../errors.ts'
import { batchIdsStartingWith } from '../ledger/batches-repo.ts'
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
