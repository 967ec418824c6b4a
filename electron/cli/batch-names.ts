import { AppError } from '../errors.ts'
import { batchIdsStartingWith } from '../ledger/batches-repo.ts'
import type { Services } from '../services/create-services.ts'

/**
 * Batches are named at the command line by the first 8 characters of their id, as git names commits:
 * people read and type `3f9c2a1b`, not a 36-character UUID. Scripts may still pass the whole id, which
 * --json prints.
 */
export const shortBatch = (id: string): string => id.slice(0, 8)

/** The whole id of the batch a person named by its id or the start of it (4 characters at least). */
export function fullBatchId(services: Services, named: string): string {
  const text = named.trim()
  if (text.length < 4 || !/^[0-9a-f-]+$/i.test(text)) return text
  const found = batchIdsStartingWith(services.ledger, text)
  if (found.length > 1)
    throw new AppError('INVALID_INPUT', { key: 'batchNameAmbiguous', params: { start: text } })
  return found[0] ?? text
}
