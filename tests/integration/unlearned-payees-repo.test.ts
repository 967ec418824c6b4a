import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RecipientMatch } from '../../shared/ipc/recipients-contract.ts'
import { payoutShape, type PayoutShape } from '../../shared/providers/payout-shape.ts'
import { createImportingBatch } from '../../electron/ledger/import-batches-repo.ts'
import { openLedger, type Ledger } from '../../electron/ledger/open-ledger.ts'
import { insertPayout, insertPayoutRow } from '../../electron/ledger/payouts-repo.ts'
import { insertProfile, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import {
  accountRecipients,
  profileRecipients,
  recordPaidPayout,
  updateRecipient,
} from '../../electron/ledger/recipients-repo.ts'
import { SAME_ACCOUNT_PROFILES } from '../../electron/ledger/same-account.ts'
import {
  matcherOver,
  payeeView,
  recipientMatcher,
  type PayeeMatcher,
} from '../../electron/recipients/payee-rule.ts'
import { addSandboxProfile, vexoraPayout } from '../support/ledger-fixtures.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * The unsent payouts the payee rule reads besides the directory (unlearned-payees-repo.ts, through
 * recipientMatcher in payee-rule.ts): a few read whole, many looked up by index,
 * and both must answer exactly as reading every one of them did before migration 16.
 */
const shape = payoutShape('vexora', 'ID') as PayoutShape
let tmp: ReturnType<typeof makeTempDir>
let db: Ledger
beforeEach(() => {
  tmp = makeTempDir()
  db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

/** The rule as it read the ledger before: every unlearned payout's payee after the directory. */
function everyPayeeMatcher(profileId: string): PayeeMatcher {
  const rows = db
    .prepare(
      `SELECT p.id, p.fields_json, p.account_no FROM payouts p LEFT JOIN batches b ON b.id = p.batch_id
        WHERE p.profile_id IN (${SAME_ACCOUNT_PROFILES}) AND p.recipient_id IS NULL
          AND (p.status IN ('draft', 'queued', 'submitting', 'processing', 'unknown', 'needs_review')
               OR (p.status = 'cancelled' AND p.attempts > 0)
               OR (p.status IN ('failed', 'rejected') AND p.attention = 'contradiction'))
          AND (b.state IS NULL OR b.state <> 'importing')
        ORDER BY p.created_at DESC, p.id DESC`,
    )
    .all(profileId) as { id: string; fields_json: string; account_no: string }[]
  const payees = rows.map((p) => payeeView(profileId, shape, p.id, p))
  return matcherOver([...accountRecipients(db, profileId), ...payees], shape)
}

const said = (m: RecipientMatch) =>
  m.kind === 'new'
    ? 'new'
    : m.kind === 'known'
      ? `known ${m.recipient.id} ${m.recipient.name}`
      : `changed ${m.recipient.id} from ${JSON.stringify(m.oldAccount)}`

/** A small deterministic random source, so a failure names a seed that repeats it. */
function random(seed: number) {
  let s = seed >>> 0
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) % n
  }
}

const NAMES = ['Budi Santoso', 'budi  SANTOSO', 'Siti Rahma', 'Eve', 'Agus', '']
const ACCOUNTS = [
  ['0002', '0011111'],
  ['0002', '0022222'],
  ['0008', '0011111'],
  ['0008', '0033333'],
  ['0002', '0044444'],
]
const STATUSES = [
  'draft',
  'queued',
  'submitting',
  'processing',
  'unknown',
  'needs_review',
  'succeeded',
  'failed',
  'rejected',
]
const fieldsOf = (name: string, [bankCode, bankAccountNo]: string[]) => ({
  bankCode: bankCode as string,
  bankAccountNo: bankAccountNo as string,
  ...(name ? { customerName: name } : {}),
})

/** A ledger as a busy desk leaves it: two profiles of one gateway account, payouts in every state. */
function busyLedger(seed: number): { main: ProfileRecord; twin: ProfileRecord } {
  const pick = random(seed)
  const main = addSandboxProfile(db, 'Shop')
  const twin = insertProfile(db, { ...main, name: 'Shop (bookkeeper)' })
  const other = addSandboxProfile(db, 'Another merchant')
  const importing = createImportingBatch(db, main.id, 'big.csv', 'f'.repeat(64), 1_000)
  const write = (n: number) => {
    const profile = [main, twin, other][pick(3)] as ProfileRecord
    const name = NAMES[pick(NAMES.length)] as string
    const account = ACCOUNTS[pick(ACCOUNTS.length)] as string[]
    const status = STATUSES[pick(STATUSES.length)] as (typeof STATUSES)[number]
    const fields = fieldsOf(name, account)
    const id = insertPayout(
      db,
      vexoraPayout(profile, n, {
        fields,
        beneficiaryName: name || account[1],
        accountNo: account[1] as string,
        bankCode: account[0] as string,
        status: status as never,
        batchId: profile === main && pick(8) === 0 ? importing : null,
      }),
      // Few distinct times: an import writes thousands of payouts in one millisecond.
      1_700_000_000_000 + pick(12),
    )
    if (status === 'failed' && pick(2) === 0)
      db.prepare("UPDATE payouts SET status = 'cancelled', attempts = ? WHERE id = ?").run(pick(2), id)
    // A refusal or failure the gateway contradicts (it says it has or paid it): it may have paid.
    else if ((status === 'failed' || status === 'rejected') && pick(2) === 0)
      db.prepare("UPDATE payouts SET attention = 'contradiction' WHERE id = ?").run(id)
    if ((status === 'succeeded' || status === 'processing') && pick(3) > 0)
      recordPaidPayout(db, id, shape, 1_700_000_100_000 + n)
  }
  const siti = insertPayout(
    db,
    vexoraPayout(main, 999, { status: 'succeeded', fields: fieldsOf('Siti Rahma', ACCOUNTS[0] as string[]) }),
    1_700_000_000_000,
  )
  recordPaidPayout(db, siti, shape, 1_700_000_000_001)
  for (let n = 0; n < 100; n++) write(n)
  // A rename leaves a former name that counts only while nobody bears it now; later payouts bear it again.
  const renamed = profileRecipients(db, main.id).find((r) => r.name === 'Siti Rahma')
  expect(updateRecipient(db, { id: renamed?.id ?? '', name: 'Siti R.' }, 1_700_000_200_000)).not.toBeNull()
  for (let n = 100; n < 160; n++) write(n)
  return { main, twin }
}

describe('the payees of payouts not learned yet', () => {
  it('are read whole or looked up by index with the same answers as reading every one of them', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      db.close()
      db = openLedger(join(tmp.dir, `seed-${seed}.sqlite3`))
      const { main, twin } = busyLedger(seed)
      for (const profile of [main, twin]) {
        const expected = everyPayeeMatcher(profile.id)
        const ways = {
          byIndex: recipientMatcher(db, profile.id, shape, 0),
          whole: recipientMatcher(db, profile.id, shape, 10_000),
        }
        for (const name of [...NAMES, 'Siti R.', 'Nobody Yet'])
          for (const account of [...ACCOUNTS, ['0002', '0099999']]) {
            const fields = fieldsOf(name, account)
            const want = said(expected(fields))
            for (const [way, match] of Object.entries(ways))
              expect(`${way} seed ${seed}: ${said(match(fields))}`).toBe(`${way} seed ${seed}: ${want}`)
          }
      }
    }
  })

  it('never sees the payouts its caller writes after asking, whichever way it reads', () => {
    const profile = addSandboxProfile(db, 'Shop')
    // More payouts than are read whole, so the lookup goes by index.
    for (let n = 0; n < 3; n++)
      insertPayout(
        db,
        vexoraPayout(profile, n, { status: 'queued', fields: fieldsOf(`P ${n}`, ['0002', `00${n}`]) }),
      )
    for (const few of [0, 10_000])
      db.transaction(() => {
        const payee = recipientMatcher(db, profile.id, shape, few)
        insertPayoutRow(
          db,
          vexoraPayout(profile, 10 + few, {
            status: 'queued',
            fields: fieldsOf(`Zed ${few}`, ['0002', '0011111']),
          }),
        )
        expect(payee(fieldsOf(`Zed ${few}`, ['0008', '0022222'])).kind).toBe('new')
        expect(payee(fieldsOf('P 1', ['0008', '0022222'])).kind).toBe('changed')
      })()
  })

  it('count a refused payout the gateway says it paid: its payee is known at its account', () => {
    const profile = addSandboxProfile(db, 'Shop')
    const id = insertPayout(
      db,
      vexoraPayout(profile, 1, { status: 'rejected', fields: fieldsOf('Budi Santoso', ['0002', '0022222']) }),
    )
    // As answers.ts leaves it when the gateway contradicts the refusal.
    db.prepare("UPDATE payouts SET attention = 'contradiction', attempts = 1 WHERE id = ?").run(id)
    for (const few of [0, 10_000])
      expect(
        recipientMatcher(db, profile.id, shape, few)(fieldsOf('Budi Santoso', ['0002', '0033333'])),
      ).toMatchObject({
        kind: 'changed',
        recipient: { id: `payout:${id}` },
      })
  })
})
