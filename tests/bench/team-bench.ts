// The team ledger's figures for `npm run bench -- --only team`: importing, approving at size, history's
// first page over loopback on a million payouts, and sending from a desk against the same sending on the desk's own ledger.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import { sendForTeam } from '../../electron/actions/team-send.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { insertProfile } from '../../electron/ledger/profiles-repo.ts'
import { createClientResolver } from '../../electron/payouts/client-resolver.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { createEngine } from '../../electron/payouts/engine.ts'
import { startSending } from '../../electron/payouts/send-queue.ts'
import { SANDBOX_VEXORA } from '../../electron/sandbox/credentials.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { openTeamDesk } from '../../electron/services/team-desk.ts'
import { addPerson, initTeamLedger } from '../../electron/team/team-admin.ts'
import { teamHistoryPage } from '../../electron/team/team-history.ts'
import { startPostgres } from '../support/postgres-server.ts'
import { idrFields } from '../support/sandbox-clients.ts'
import { percentile, round, sandboxProcess, type Figure } from './bench-support.ts'
import { teamApproveFigures } from './team-approve-bench.ts'
import { teamImportFigure } from './team-import-bench.ts'

const HISTORY_ROWS = 1_000_000
const SENT = 1_000
const CONCURRENCY = 4
const SEND_ROUNDS = 3

export async function teamFigures(add: (f: Figure) => void, dataDir: string): Promise<void> {
  const server = await startPostgres()
  const { url: sandboxUrl, child } = await sandboxProcess(24 * 3_600_000)
  const keychain = createKeychainSecretStore(`Payout Desk bench team ${randomUUID().slice(0, 8)}`)
  const pools: pg.Pool[] = []
  /** A pool ended at teardown; the server stopping under an idle one is no error of the bench's. */
  const poolOf = (connectionString: string, max: number) => {
    const pool = new pg.Pool({ connectionString, max })
    pool.on('error', () => undefined)
    pools.push(pool)
    return pool
  }
  try {
    await initTeamLedger(server.adminUrl)
    await addPerson(server.adminUrl, { name: 'budi', role: 'bookkeeper', password: 'budi-bench-password' })
    const budiUrl = server.urlFor('budi', 'budi-bench-password')
    const admin = poolOf(server.adminUrl, 1)
    const vexoraBase = `${sandboxUrl}/vexora/id`
    const budi = poolOf(budiUrl, 2)
    // Before the million below: both imports start from an empty book.
    await teamImportFigure(add, dataDir, { admin, budi })
    await teamApproveFigures(add, server, { admin, budi })

    // History: a million payouts written straight by the administrator (triggers off, as a restore would).
    const book = randomUUID()
    await admin.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency)
       VALUES ($1, 'Bench history', 'vexora', 'production', 'https://gateway.example', 'M1', 'IDR')`,
      [book],
    )
    const t0 = performance.now()
    await admin.query(
      `SET session_replication_role = replica;
       INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields, status,
                                        prepared_by, created_at)
         SELECT gen_random_uuid(), '${book}', 'H' || g, 10000 + g % 5000, 'IDR',
                jsonb_build_object('customerName', 'Person ' || g), 'succeeded', 'budi',
                now() - g * interval '1 second'
           FROM generate_series(1, ${HISTORY_ROWS}) g;
       SET session_replication_role = origin;`,
    )
    // As after a restore: vacuumed and analysed now, not by autovacuum in the middle of a later figure.
    await admin.query('VACUUM (ANALYZE) payout_desk.payouts')
    const loadMs = performance.now() - t0
    const reader = poolOf(budiUrl, 1)
    await teamHistoryPage(reader, { limit: 50 })
    const times: number[] = []
    for (let i = 0; i < 200; i++) {
      const t = performance.now()
      const { rows } = await teamHistoryPage(reader, { limit: 50 })
      times.push(performance.now() - t)
      if (rows.length !== 50) throw new Error('history returned a short first page')
    }
    times.sort((a, b) => a - b)
    add({
      name: "team: history's first page (50) on a 1,000,000-payout team ledger, loopback, p95",
      value: round(percentile(times, 95), 2),
      unit: 'ms',
      goal: '< 50 ms',
      measured: { count: times.length, of: `reads of ${HISTORY_ROWS} payouts` },
      reference: {
        name: 'writing the million (administrator, triggers off)',
        value: round(loadMs / 1000, 1),
        unit: 's',
      },
    })

    // Sending: the same payouts, to the same sandbox, from the desk's own ledger and from the team ledger.
    const db = openLedger(join(dataDir, 'team-bench-solo.sqlite3'))
    const solo = insertProfile(db, {
      name: 'Bench solo',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: vexoraBase,
      merchantId: SANDBOX_VEXORA.merchantNo,
      notifyUrl: 'http://127.0.0.1:9/unused',
    })
    await keychain.set(solo.id, SANDBOX_VEXORA.secret)
    const resolveClient = createClientResolver({
      secrets: keychain,
      builtinSandbox: () => Promise.resolve(null),
    })
    const engine = createEngine({ db, resolveClient })
    const team = randomUUID()
    await admin.query(
      `INSERT INTO payout_desk.profiles (id, name, provider, environment, base_url, merchant_id, currency,
         notify_url, sender_check)
       VALUES ($1, 'Bench send', 'vexora', 'sandbox', $2, $3, 'IDR', 'http://127.0.0.1:9/unused', $4)`,
      [
        team,
        vexoraBase,
        SANDBOX_VEXORA.merchantNo,
        senderCheckOf(await senderKeyOf(SANDBOX_VEXORA.secret, team)),
      ],
    )
    await keychain.set(team, SANDBOX_VEXORA.secret)
    const writer = poolOf(budiUrl, 1)
    // Rounds taken in turn, each ledger's middle one kept: one round of either alone moves by a fifth
    // on a busy machine, and in turn both see the same machine.
    const soloRates: number[] = []
    const teamRates: number[] = []
    let accepted = 0
    for (let round = 0; round < SEND_ROUNDS; round++) {
      const ids = Array.from({ length: SENT }, (_, i) =>
        draftPayout(db, {
          profileId: solo.id,
          // Each round pays other amounts: the same amount to the same account twice in a day is refused.
          amountMinor: 10_000 + round * SENT + i,
          fields: idrFields(`00${5_000_000 + i}`, `Person ${i}`),
        }),
      )
      const s0 = performance.now()
      await startSending(ids, { db, engine, concurrency: CONCURRENCY, perProfilePerSecond: 100_000 }).done
      soloRates.push(SENT / ((performance.now() - s0) / 1000))

      for (let i = 0; i < SENT; i++)
        await writer.query(
          `INSERT INTO payout_desk.payouts (id, profile_id, reference, amount_minor, currency, fields)
           VALUES ($1, $2, $3, $4, 'IDR', $5)`,
          [
            randomUUID(),
            team,
            `S${round}-${i}`,
            10_000 + round * SENT + i,
            idrFields(`00${5_000_000 + i}`, `Person ${i}`),
          ],
        )
      const desk = await openTeamDesk({ url: budiUrl, secrets: keychain })
      const t1 = performance.now()
      const sent = await sendForTeam(desk, { concurrency: CONCURRENCY })
      teamRates.push(SENT / ((performance.now() - t1) / 1000))
      await desk.close()
      accepted += (sent.byStatus.processing ?? 0) + (sent.byStatus.succeeded ?? 0)
    }
    db.close()
    const middle = (rates: number[]) => rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0
    const soloRate = middle(soloRates)
    const teamRate = middle(teamRates)
    add({
      name: `team: sending ${SENT} Vexora payouts to the loopback sandbox, ${CONCURRENCY} at a time`,
      value: Math.round(teamRate),
      unit: 'payouts/s',
      goal: `>= 80 % of the desk's own ledger (${Math.round(soloRate * 0.8)} payouts/s)`,
      measured: {
        count: accepted,
        of: `payouts the sandbox accepted, of ${SENT * SEND_ROUNDS} (the middle of ${SEND_ROUNDS} rounds each)`,
      },
      reference: {
        name: "the same from the desk's own ledger (SQLite)",
        value: Math.round(soloRate),
        unit: 'payouts/s',
      },
    })
    await keychain.delete(solo.id)
    await keychain.delete(team)
  } finally {
    await Promise.all(pools.map((p) => p.end()))
    child.kill()
    await server.stop()
  }
}
