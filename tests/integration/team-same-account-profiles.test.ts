// Two team profiles at one gateway account (actions/team-import.ts over team/team-review-reads.ts): one
// merchant account is one purse, so the team's review reads repeats, payees and files through every
// profile naming it, as a desk's ledger does (same-account-profiles.test.ts), and a write holds the
// account, not only its profile. Actions covered: reviewTeamFile, commitTeamFile.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commitTeamFile, reviewTeamFile } from '../../electron/actions/team-import.ts'
import type { ImportAcceptances } from '../../electron/import/commit-import.ts'
import { readSheet } from '../../electron/import/read-sheet.ts'
import { sha256Hex } from '../../electron/import/stage-import.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import {
  pointProfileAt,
  sandboxTeamProfile,
  teamOfTwoWithSandbox,
  writeTeamPayout,
} from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

// Each write's last read waits here until the other write reaches it too (or a while passes): both
// writes' re-checks then run before either commits, the moment two desks race.
const gate = vi.hoisted(() => ({ waiting: [] as (() => void)[], armed: false }))
vi.mock('../../electron/team/team-batches.ts', async (original) => {
  const real = await original<typeof import('../../electron/team/team-batches.ts')>()
  return {
    ...real,
    teamBatchStatuses: async (...args: Parameters<typeof real.teamBatchStatuses>) => {
      if (gate.armed)
        await new Promise<void>((resolve) => {
          gate.waiting.push(resolve)
          if (gate.waiting.length === 2) for (const go of gate.waiting.splice(0)) go()
          else setTimeout(resolve, 3_000)
        })
      return real.teamBatchStatuses(...args)
    },
  }
})

let server: PostgresServer | undefined
let sandbox: Sandbox
let budi: pg.Pool
let siti: pg.Pool
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { as } = teamSessions(() => server, PASSWORD)

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
  budi = new pg.Pool({ connectionString: server.urlFor('budi', PASSWORD.budi), max: 3 })
  siti = new pg.Pool({ connectionString: server.urlFor('siti', PASSWORD.siti), max: 3 })
  budi.on('error', () => undefined)
  siti.on('error', () => undefined)
}, 180_000)
afterAll(async () => {
  await budi.end()
  await siti.end()
  await sandbox.close()
  await server?.stop()
})

const HEADER = 'name,account number,bank code,mobile,email,amount,reference\n'
const line = (name: string, account: string, amount: string) =>
  `${name},${account},0002,081234567890,x@example.com,${amount},\n`
const NONE: ImportAcceptances = { rows: new Set(), repeatFile: false }

function review(pool: pg.Pool, profile: string, text: string) {
  const bytes = Buffer.from(text)
  return reviewTeamFile(pool, profile, async (headerFor) => ({
    sheet: await readSheet('payroll.csv', bytes, { headerFor }),
    source: { fileName: 'payroll.csv', sha256: sha256Hex(bytes) },
  }))
}

/** Two profiles at one new merchant account, and one at another: their names. */
async function twoAtOneAccount() {
  const merchant = sandbox.openVexoraMerchant()
  const named = (label: string) => `${label} ${randomUUID().slice(0, 8)}`
  const [shop, online, other] = [named('Shop'), named('Online'), named('Other')]
  const ids = {
    shop: await sandboxTeamProfile(as, 'siti', sandbox, shop, merchant),
    online: await sandboxTeamProfile(as, 'siti', sandbox, online, merchant),
    other: await sandboxTeamProfile(as, 'siti', sandbox, other),
  }
  return { names: { shop, online, other }, ids }
}

/** A payout Siti writes through `profile`: a reference of its own. */
const paid = (profile: string, account: string, name: string, amountMinor: number) =>
  writeTeamPayout(as, 'siti', {
    profile,
    reference: `P-${randomUUID().slice(0, 8)}`,
    amountMinor,
    fields: idrFields(account, name),
  })

const warningsOf = (r: Awaited<ReturnType<typeof review>>) =>
  r.staged.rows.map((row) => [row.recipient.kind, row.warnings.map((w) => w.code)])

describe(
  'team profiles of one gateway account share the repeat, payee and file rules',
  { timeout: 60_000 },
  () => {
    it('the same amount to the same account through the other profile is a repeat; at another merchant it is not', async () => {
      const { names, ids } = await twoAtOneAccount()
      await paid(ids.shop, '7001', 'Dewi', 250_000)
      const file = HEADER + line('Dewi', '7001', '250000')
      expect(warningsOf(await review(budi, names.online, file))).toEqual([['known', ['sent_recently']]])
      expect(warningsOf(await review(budi, names.other, file))).toEqual([['new', []]])
    })

    it('Budi paid through one profile, then at another account through the other, is an account change', async () => {
      const { names, ids } = await twoAtOneAccount()
      await paid(ids.shop, '7101', 'Budi Santoso', 10_000)
      const r = await review(budi, names.online, HEADER + line('Budi Santoso', '7102', '20000'))
      expect(warningsOf(r)).toEqual([['changed', ['account_changed']]])
      expect(r.staged.rows[0]?.recipient).toMatchObject({
        kind: 'changed',
        oldAccount: { bankAccountNo: '7101' },
      })
    })

    it('a profile pointed at another merchant since still speaks for what it paid at the old one (review 65 F1)', async () => {
      const { names, ids } = await twoAtOneAccount()
      await paid(ids.shop, '7151', 'Rina Wati', 260_000)
      // The owner points the shop at another merchant; its payout keeps the account it was written for.
      await as('siti', (c) => pointProfileAt(c, ids.shop, sandbox.openVexoraMerchant()))
      const repeat = await review(budi, names.online, HEADER + line('Rina Wati', '7151', '260000'))
      expect(warningsOf(repeat)).toEqual([['known', ['sent_recently']]])
      const moved = await review(budi, names.online, HEADER + line('Rina Wati', '7152', '1000'))
      expect(warningsOf(moved)).toEqual([['changed', ['account_changed']]])
    })

    it('what a moved profile paid at its new merchant does not make an account known at the old one (review 68 B1)', async () => {
      const { names, ids } = await twoAtOneAccount()
      await paid(ids.online, '7161', 'Sari Dewi', 260_000)
      await as('siti', (c) => pointProfileAt(c, ids.shop, sandbox.openVexoraMerchant()))
      // At its new merchant Sari is nobody yet: the shop pays her at 7162 without a question.
      expect(warningsOf(await review(budi, names.shop, HEADER + line('Sari Dewi', '7162', '20000')))).toEqual(
        [['new', []]],
      )
      await paid(ids.shop, '7162', 'Sari Dewi', 20_000)
      // At the old merchant she is known at 7161 only: 7162 is a change to ask about.
      const r = await review(budi, names.online, HEADER + line('Sari Dewi', '7162', '300000'))
      expect(warningsOf(r)).toEqual([['changed', ['account_changed']]])
    })

    it('a profile pointed at this account does not bring what it paid at its other merchant (review 70)', async () => {
      const { names, ids } = await twoAtOneAccount()
      await paid(ids.online, '7171', 'Tari Ayu', 260_000)
      // The other profile, at another merchant, pays Tari at 7172, where nobody knew her; then the owner
      // points it at this merchant.
      await paid(ids.other, '7172', 'Tari Ayu', 20_000)
      await as('siti', (c) => pointProfileAt(c, ids.other, { like: ids.online }))
      // Here she is known at 7171 only: 7172 is a change to ask about.
      const r = await review(budi, names.online, HEADER + line('Tari Ayu', '7172', '300000'))
      expect(warningsOf(r)).toEqual([['changed', ['account_changed']]])
    })

    it('a file written through one profile is the same file again through the other', async () => {
      const { names } = await twoAtOneAccount()
      const file = HEADER + line('Eko', '7201', '30000')
      await commitTeamFile(budi, await review(budi, names.shop, file), { skipInvalid: false, accepted: NONE })
      const again = await review(budi, names.online, file)
      expect(again.staged.ledgerMark.sameFile).toBe(1)
      expect(again.staged.previousImport).not.toBeNull()
    })

    it('two desks writing the same payment through the two profiles at once: one is written, the other refused', async () => {
      const { names, ids } = await twoAtOneAccount()
      // Two files (the same file again would be asked about as such), one payment in both.
      const [first, second] = [
        await review(budi, names.shop, HEADER + line('Fajar', '7301', '40000')),
        await review(
          siti,
          names.online,
          HEADER + line('Fajar', '7301', '40000') + line('Gita', '7302', '60000'),
        ),
      ]
      expect([warningsOf(first), warningsOf(second)]).toEqual([
        [['new', []]],
        [
          ['new', []],
          ['new', []],
        ],
      ])
      gate.armed = true
      try {
        const done = await Promise.allSettled([
          commitTeamFile(budi, first, { skipInvalid: false, accepted: NONE }),
          commitTeamFile(siti, second, { skipInvalid: false, accepted: NONE }),
        ])
        expect(done.map((d) => d.status).sort()).toEqual(['fulfilled', 'rejected'])
        const refused = done.find((d) => d.status === 'rejected') as PromiseRejectedResult
        expect(refused.reason).toMatchObject({
          text: { key: 'repeatWrittenMeanwhile', params: { account: '7301' } },
        })
      } finally {
        gate.armed = false
      }
      const written = await as('siti', (c) =>
        c
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM payout_desk.payouts
            WHERE profile_id = ANY ($1) AND fields->>'bankAccountNo' = '7301'`,
            [[ids.shop, ids.online]],
          )
          .then((x) => x.rows[0]?.n),
      )
      expect(written).toBe(1)
    })
  },
)
