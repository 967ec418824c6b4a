import type { Database } from 'better-sqlite3'
import { up as initial } from './0001-initial.ts'
import { up as engine } from './0002-engine.ts'
import { up as retries } from './0003-retries.ts'
import { up as ascendingIndexes } from './0004-ascending-indexes.ts'
import { up as leasesAttention } from './0005-leases-attention.ts'
import { up as recipientsLimits } from './0006-recipients-limits.ts'
import { up as rejectionDigests } from './0007-rejection-digests.ts'
import { up as balanceText } from './0008-balance-text.ts'
import { up as releaseDaySeal } from './0009-release-day-seal.ts'
import { up as callbackDigests } from './0010-callback-digests.ts'
import { up as importingBatches } from './0011-importing-batches.ts'
import { up as dashboardBuckets } from './0012-dashboard-buckets.ts'
import { up as releaseSeals } from './0013-release-seals.ts'
import { up as recipientFormerNames } from './0014-recipient-former-names.ts'
import { up as limitAndPayeeIndexes } from './0015-limit-and-payee-indexes.ts'
import { up as payeeKeys } from './0016-payee-keys.ts'
import { up as payeeNamesWithoutInvisibles } from './0017-payee-names-without-invisibles.ts'
import { up as payeeNamesWithoutControls } from './0018-payee-names-without-controls.ts'

export interface Migration {
  version: number
  name: string
  up: (db: Database) => void
}

/** Append only. Never edit a migration that has shipped; add the next number instead. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'engine', up: engine },
  { version: 3, name: 'retries', up: retries },
  { version: 4, name: 'ascending-indexes', up: ascendingIndexes },
  { version: 5, name: 'leases-attention', up: leasesAttention },
  { version: 6, name: 'recipients-limits', up: recipientsLimits },
  { version: 7, name: 'rejection-digests', up: rejectionDigests },
  { version: 8, name: 'balance-text', up: balanceText },
  { version: 9, name: 'release-day-seal', up: releaseDaySeal },
  { version: 10, name: 'callback-digests', up: callbackDigests },
  { version: 11, name: 'importing-batches', up: importingBatches },
  { version: 12, name: 'dashboard-buckets', up: dashboardBuckets },
  { version: 13, name: 'release-seals', up: releaseSeals },
  { version: 14, name: 'recipient-former-names', up: recipientFormerNames },
  { version: 15, name: 'limit-and-payee-indexes', up: limitAndPayeeIndexes },
  { version: 16, name: 'payee-keys', up: payeeKeys },
  { version: 17, name: 'payee-names-without-invisibles', up: payeeNamesWithoutInvisibles },
  { version: 18, name: 'payee-names-without-controls', up: payeeNamesWithoutControls },
]
