// The payee rule across the transactions of an import written in chunks (electron/import/commit-in-chunks.ts,
// payeeSourcesVersion in electron/ledger/unlearned-payees-repo.ts): what the chunks judge rows against is
// read again whenever the directory changed, whatever time the change carries, and when another import
// of the account was published meanwhile. From an adversarial review of this session's payee-rule change.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commitImportInChunks } from '../../electron/import/commit-in-chunks.ts'
import { parseCsv } from '../../electron/import/parse-csv.ts'
import { sha256Hex, stageImport } from '../../electron/import/stage-import.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout } from '../../electron/ledger/payouts-repo.ts'
import type { ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { recordPaidPayout, recordSentPayout } from '../../electron/ledger/recipients-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

const shape = payoutShape('vexora', 'ID') as PayoutShape
const HEADER = 'name,account number,bank code,mobile,email,amount'
const people = (from: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `Person ${from + i},00${1_000_000 + from + i},0002,081234567890,p${from + i}@example.com,${10_000 + from + i}`,
  )
const budiAt = (account: string) => ({
  bankCode: '0002',
  bankAccountNo: account,
  customerName: 'Budi Santoso',
  mobile: '081234567890',
  email: 'budi@example.com',
})
const budiRow = (account: string) => `Budi Santoso,${account},0002,081234567890,budi@example.com,12345`
const none = { skipInvalid: false, accepted: { rows: new Set<number>(), repeatFile: false } }

let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
let profile: ProfileRecord
beforeEach(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
  profile = addSandboxProfile(db)
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})
const stage = (text: string, name: string) =>
  stageImport(db, profile.id, parseCsv(text), { fileName: name, sha256: sha256Hex(Buffer.from(text)) })
/** The accounts Budi is paid at by published batches. */
const budiPaidAt = () =>
  db
    .prepare(
      `SELECT DISTINCT p.account_no FROM payouts p JOIN batches b ON b.id = p.batch_id
        WHERE b.state <> 'importing' AND p.fields_json LIKE '%Budi Santoso%' ORDER BY 1`,
    )
    .pluck()
    .all()

describe('an import in chunks judges payees against the ledger as each chunk finds it', () => {
  it('a payee moved between chunks is seen, though the move carries no later time than the last change', async () => {
    const now = Date.now()
    const first = insertPayout(
      db,
      vexoraPayout(profile, 1, { status: 'processing', fields: budiAt('0011111') }),
    )
    recordPaidPayout(db, first, shape, now - 9_000)
    // Another payee's change is stamped a minute ahead (the clock stepped back since).
    const other = insertPayout(db, vexoraPayout(profile, 2, { status: 'processing' }))
    recordPaidPayout(db, other, shape, now + 60_000)
    // The person accepted that Budi moved to 0022222; that payout waits in the queue.
    const moving = draftPayout(db, {
      profileId: profile.id,
      amountMinor: 50_000,
      fields: budiAt('0022222'),
      acceptedChange: { old: { bankCode: '0002', bankAccountNo: '0011111' } },
    })
    // The file pays Budi at 0011111, where the review still knows him.
    const review = stage(
      [HEADER, ...people(0, 2_500), budiRow('0011111'), ...people(2_500, 500)].join('\n'),
      'f.csv',
    )
    expect(review.rows[2_500]?.recipient.kind).toBe('known')
    await expect(
      commitImportInChunks(db, review, {
        ...none,
        chunkRows: 1_024,
        // Budi's payout is sent between chunks: the directory moves him to 0022222, stamped with the
        // same time as the newest change before it.
        onChunk: (written) => {
          if (written === 1_024) recordSentPayout(db, moving, shape, now + 60_000)
        },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', text: { key: 'accountChanged' } })
    expect(budiPaidAt()).toEqual([])
  })

  for (const unsent of [0, 501])
    it(`another import published while this one is written is judged against (${unsent} other unsent payouts)`, async () => {
      for (let n = 0; n < unsent; n++) insertPayout(db, vexoraPayout(profile, n, { status: 'queued' }))
      const y = stage([HEADER, budiRow('0022222'), ...people(0, 150)].join('\n'), 'y.csv')
      const x = stage([HEADER, budiRow('0033333'), ...people(500, 150)].join('\n'), 'x.csv')
      // Y is written and waits one turn before it publishes; X opens in that turn.
      let releaseY!: () => void
      const yMayPublish = new Promise<void>((resolve) => (releaseY = resolve))
      let yWaits!: () => void
      const yAtPublish = new Promise<void>((resolve) => (yWaits = resolve))
      let yTurns = 0
      const yDone = commitImportInChunks(db, y, {
        ...none,
        chunkRows: 64,
        // 151 rows: three chunks, then a turn before the publishing transaction.
        between: async () => {
          if (++yTurns === 4) {
            yWaits()
            await yMayPublish
          }
        },
      })
      await yAtPublish
      let xTurns = 0
      const xDone = commitImportInChunks(db, x, {
        ...none,
        chunkRows: 64,
        // X has opened; Y publishes before X's first chunk.
        between: async () => {
          if (xTurns++ === 0) {
            releaseY()
            await yDone.catch(() => undefined)
          }
        },
      })
      const settled = await Promise.allSettled([yDone, xDone])
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected'])
      // Budi is paid at one account: the second, another account for him, waits for a person's word.
      expect(budiPaidAt()).toEqual(['0022222'])
    })
})
