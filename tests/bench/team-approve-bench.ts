// An owner's approval on the team ledger at size: what waits, read with each payout's notes (the window's
// Needs your decision, `team waiting`), and approving it all, judged under the accounts' locks. The payees
// were paid before, half of them at another account than the one now waiting (review 74: the desk's
// approval looked each payee up among every row read, 82 s for these 20,000).
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { waitingWithNotes } from '../../electron/actions/team-approval-notes.ts'
import { approveShownForTeam } from '../../electron/actions/team-approve.ts'
import { addPerson } from '../../electron/team/team-admin.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { round, type Figure } from './bench-support.ts'

const WAITING = 20_000
const PAID_BEFORE = 100_000
const CHUNK = 20_000

export async function teamApproveFigures(
  add: (f: Figure) => void,
  server: PostgresServer,
  team: { admin: pg.Pool; budi: pg.Pool },
): Promise<void> {
  await addPerson(server.adminUrl, { name: 'siti', role: 'owner', password: 'siti-bench-password' })
  const sitiUrl = server.urlFor('siti', 'siti-bench-password')
  const profile = randomUUID()
  await team.admin.query(
    `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
       per_payout_minor)
     VALUES ($1, 'Bench approve', 'vexora', 'sandbox', 'http://127.0.0.1:9/vexora/id', 'BENCH-APPROVE', 'IDR',
       1000000)`,
    [profile],
  )
  const write = (rows: unknown[]) =>
    team.budi.query('SELECT payout_desk.write_payouts($1, NULL, $2, $3::jsonb)', [
      profile,
      'IDR',
      JSON.stringify(rows),
    ])
  for (let from = 0; from < PAID_BEFORE; from += CHUNK)
    await write(
      Array.from({ length: CHUNK }, (_, j) => ({
        id: randomUUID(),
        reference: `PAID-${from + j}`,
        amount_minor: 500_000,
        fields: idrFields(String(7_000_000 + ((from + j) % WAITING)), `Person ${(from + j) % WAITING}`),
      })),
    )
  const w0 = performance.now()
  await write(
    Array.from({ length: WAITING }, (_, i) => ({
      id: randomUUID(),
      reference: `WAIT-${i}`,
      amount_minor: 2_000_000,
      fields: idrFields(String((i % 2 ? 7_000_000 : 8_000_000) + i), `Person ${i}`),
    })),
  )
  const writeMs = performance.now() - w0
  await team.admin.query('VACUUM (ANALYZE) payout_desk.payouts, payout_desk.payout_payees')

  const r0 = performance.now()
  const waiting = await waitingWithNotes(sitiUrl)
  const readMs = performance.now() - r0
  const noted = waiting.payouts.filter((p) => p.notes.some((n) => n.kind === 'new_account')).length
  if (waiting.payouts.length !== WAITING || noted !== WAITING / 2)
    throw new Error(
      `expected ${WAITING} waiting, half at a new account; read ${waiting.payouts.length}, ${noted}`,
    )
  const a0 = performance.now()
  const approved = await approveShownForTeam(sitiUrl, waiting.payouts)
  const approveMs = performance.now() - a0
  if (approved !== WAITING) throw new Error(`approved ${approved} of ${WAITING}`)

  const reference = {
    name: `writing the ${WAITING.toLocaleString('en')} (write_payouts)`,
    value: round(writeMs / 1000, 1),
    unit: 's',
  }
  const measured = {
    count: WAITING,
    of: `payouts waiting among ${PAID_BEFORE.toLocaleString('en')} paid to the same payees`,
  }
  add({
    name: `team: what waits for approval, read with each payout's notes (${WAITING.toLocaleString('en')} waiting), loopback`,
    value: round(readMs / 1000, 2),
    unit: 's',
    goal: '< 5 s',
    measured,
    reference,
  })
  add({
    name: `team: approving ${WAITING.toLocaleString('en')} waiting payouts, their payees judged again, loopback`,
    value: round(approveMs / 1000, 2),
    unit: 's',
    goal: '< 10 s',
    measured,
    reference,
  })
}
