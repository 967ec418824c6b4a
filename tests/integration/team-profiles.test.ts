// The rules of the team's profiles (electron/actions/team-profiles.ts) on a real PostgreSQL server and the
// real keychain (review 79): an account moves only while nothing of it is open; a change whose answer was
// lost is told by what the book holds; the keychain is put back only where this change wrote it; a
// private key is never taken for the gateway's public key; a profile's currency stays.
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addTeamProfile, editTeamProfile, setTeamLimits } from '../../electron/actions/team-profiles.ts'
import { keepTeamSecret } from '../../electron/actions/team-send.ts'
import type { TeamDesk } from '../../electron/services/team-desk.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore, type SecretStore } from '../../electron/secrets/secret-store.ts'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { teamOfTwoWithSandbox, writeTeamPayout } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'
import { idrFields } from '../support/sandbox-clients.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { admin, as, urlFor } = teamSessions(() => server, PASSWORD)
const keychain = createKeychainSecretStore(`Payout Desk team profiles ${randomUUID().slice(0, 8)}`)
const pools: pg.Pool[] = []
const kept: string[] = []

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  for (const id of kept) await keychain.delete(id).catch(() => undefined)
  for (const pool of pools) await pool.end()
  await sandbox.close()
  await server?.stop()
})

/** Siti's desk: her login, this keychain (its reads failing while `locked.now`). */
function sitisDesk(
  options: {
    dropCommitAnswer?: { on: boolean }
    /** The COMMIT never reaches the server: the transaction is rolled back there. */
    dropCommit?: { on: boolean }
    locked?: { now: boolean }
  } = {},
) {
  const pool = new pg.Pool({ connectionString: urlFor('siti'), max: 2 })
  pools.push(pool)
  // A connection the server ends as the suite stops is no error of the test (openTeamDesk listens too).
  pool.on('error', () => undefined)
  const drop = options.dropCommitAnswer ?? options.dropCommit
  const before = options.dropCommit !== undefined
  if (drop) {
    // The server commits; its answer never reaches this desk (the connection dropped just then).
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown
    const dropping = async () => {
      const client = (await connect()) as pg.PoolClient
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
      ;(client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
        const cut = drop.on && args[0] === 'COMMIT'
        if (cut && before) {
          drop.on = false
          await query('ROLLBACK')
          throw new Error('Connection terminated unexpectedly')
        }
        const answer = await query(...args)
        if (cut) {
          drop.on = false
          throw new Error('Connection terminated unexpectedly')
        }
        return answer
      }
      return client
    }
    // pool.query's own connect (with a callback) goes as it was: only a transaction's client drops.
    ;(pool as unknown as { connect: unknown }).connect = (...args: unknown[]) =>
      args.length > 0 ? connect(...args) : dropping()
  }
  const locked = options.locked
  const secrets: SecretStore = locked
    ? {
        ...keychain,
        reveal: (id) => (locked.now ? Promise.reject(new Error('keychain locked')) : keychain.reveal(id)),
        status: (id) => (locked.now ? Promise.reject(new Error('keychain locked')) : keychain.status(id)),
      }
    : keychain
  return { pool, secrets }
}

const input = (name: string, merchantId = sandbox.openVexoraMerchant()) => ({
  name,
  provider: 'vexora' as const,
  area: 'ID',
  environment: 'sandbox' as const,
  baseUrl: sandbox.vexoraBaseUrl('id'),
  merchantId,
  notifyUrl: 'http://127.0.0.1:9/unused',
  gatewayPublicKey: null,
})
const stored = (id: string) =>
  admin((c) =>
    c
      .query<{ merchant_id: string; sender_check: string }>(
        'SELECT merchant_id, sender_check FROM payout_desk.profiles WHERE id = $1',
        [id],
      )
      .then((r) => r.rows[0]),
  )
const checkOf = async (secret: string, id: string) => senderCheckOf(await senderKeyOf(secret, id))

describe("the team's profiles", { timeout: 120_000 }, () => {
  it('moves a profile to another merchant only once none of its payouts is open (review 79 F2, F10)', async () => {
    const desk = sitisDesk()
    const profile = await addTeamProfile(desk, input('Toko Open'), 'first-secret')
    kept.push(profile.id)
    await writeTeamPayout(as, 'budi', {
      profile: profile.id,
      reference: 'OPEN-1',
      amountMinor: 60_000,
      fields: idrFields('0012399', 'Bayu'),
    })
    const other = sandbox.openVexoraMerchant()
    await expect(
      editTeamProfile(desk, profile.id, input('Toko Open', other), 'second-secret', profile),
    ).rejects.toMatchObject({
      text: { key: 'gatewayAccountLocked', params: { name: 'Toko Open', count: 1, ledger: 'team' } },
    })
    expect(await stored(profile.id)).toEqual({
      merchant_id: profile.merchantId,
      sender_check: await checkOf('first-secret', profile.id),
    })
    expect(await keychain.reveal(profile.id)).toBe('first-secret')
    // Settled (it failed): now it moves, with the new account's secret.
    await admin((c) => c.query("UPDATE payout_desk.payouts SET status = 'failed' WHERE reference = 'OPEN-1'"))
    const moved = await editTeamProfile(desk, profile.id, input('Toko Open', other), 'second-secret', profile)
    expect(moved.merchantId).toBe(other)
  })

  it('a move whose COMMIT landed but whose answer was lost is told as done, and keeps the new secret (review 79 F3)', async () => {
    const drop = { on: false }
    const desk = sitisDesk({ dropCommitAnswer: drop })
    const profile = await addTeamProfile(desk, input('Toko Drop'), 'old-secret')
    kept.push(profile.id)
    const other = sandbox.openVexoraMerchant()
    drop.on = true
    const moved = await editTeamProfile(desk, profile.id, input('Toko Drop', other), 'new-secret', profile)
    expect(moved.merchantId).toBe(other)
    expect(await stored(profile.id)).toEqual({
      merchant_id: other,
      sender_check: await checkOf('new-secret', profile.id),
    })
    expect(await keychain.reveal(profile.id)).toBe('new-secret')

    // A COMMIT that never reached the server, the same secret given again with a new name: not told as
    // done, since the name did not change (review 80 F2).
    const lost = { on: true }
    const cut = sitisDesk({ dropCommit: lost })
    await expect(
      editTeamProfile(cut, profile.id, input('Toko Drop Renamed', other), 'new-secret', moved),
    ).rejects.toThrow('Connection terminated unexpectedly')
    expect(
      (await admin((c) => c.query('SELECT name FROM payout_desk.profiles WHERE id = $1', [profile.id]))).rows,
    ).toEqual([{ name: 'Toko Drop' }])
    expect(await keychain.reveal(profile.id)).toBe('new-secret')
  })

  it('a refused edit leaves the keychain as it was, even when it could not be read a moment (review 79 F5)', async () => {
    const locked = { now: false }
    const desk = sitisDesk({ locked })
    kept.push((await addTeamProfile(desk, input('Toko Taken'), 'taken-secret')).id)
    const mine = await addTeamProfile(desk, input('Toko Mine'), 'good-secret')
    kept.push(mine.id)
    locked.now = true
    // Renamed to a name taken, with its secret given again: refused.
    await expect(
      editTeamProfile(desk, mine.id, input('Toko Taken', mine.merchantId), 'good-secret', mine),
    ).rejects.toMatchObject({ text: { key: 'profileNameTaken' } })
    locked.now = false
    expect(await keychain.reveal(mine.id)).toBe('good-secret')
  })

  it("never takes a private key for the gateway's public key (review 79 F6), nor changes a profile's currency (F8)", async () => {
    const desk = sitisDesk()
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const privateBase64 = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')
    const bluepay = {
      ...input('Toko Kunci'),
      provider: 'bluepay' as const,
      area: 'TH',
      baseUrl: 'http://127.0.0.1:9/bluepay',
      merchantId: 'APP-KEY-1',
      notifyUrl: null,
    }
    for (const key of [privatePem, privateBase64])
      await expect(
        addTeamProfile(desk, { ...bluepay, gatewayPublicKey: key }, privatePem),
      ).rejects.toMatchObject({
        text: { key: 'publicKeyIsPrivate' },
      })
    const leaked = await admin((c) =>
      c.query("SELECT 1 FROM payout_desk.profile_events WHERE new->>'name' = 'Toko Kunci'"),
    )
    expect(leaked.rowCount).toBe(0)

    const vexora = await addTeamProfile(desk, input('Toko Rupiah'), 'rupiah-secret')
    kept.push(vexora.id)
    await expect(
      editTeamProfile(
        desk,
        vexora.id,
        { ...input('Toko Rupiah', vexora.merchantId), area: 'TH' },
        null,
        vexora,
      ),
    ).rejects.toMatchObject({ text: { key: 'teamProfileCurrencyFixed', params: { currency: 'IDR' } } })
  })

  it('refuses limits set over a view another change made stale (review 81 F1)', async () => {
    const desk = sitisDesk()
    const profile = await addTeamProfile(desk, input('Toko Batas'), 'limits-secret')
    kept.push(profile.id)
    const shown = (p: { perPayoutMinor: number | null; perDayMinor: number | null; timeZone: string }) => ({
      perPayoutMinor: p.perPayoutMinor,
      perDayMinor: p.perDayMinor,
      timeZone: p.timeZone,
    })
    const opened = await setTeamLimits(desk, profile.id, { perPayoutMinor: 5_000_000 }, shown(profile))
    // Meanwhile the limit is lowered (another owner, or the command line).
    const lowered = await setTeamLimits(desk, profile.id, { perPayoutMinor: 1_000_000 }, shown(opened))
    // The form opened before saves a new time zone only, over the limits it showed: refused.
    await expect(
      setTeamLimits(
        desk,
        profile.id,
        { perPayoutMinor: 5_000_000, timeZone: 'Asia/Makassar' },
        shown(opened),
      ),
    ).rejects.toMatchObject({
      text: { key: 'teamLimitsChangedSinceShown', params: { profile: 'Toko Batas' } },
    })
    const now = await admin((c) =>
      c
        .query<{ per_payout_minor: string; time_zone: string }>(
          'SELECT per_payout_minor, time_zone FROM payout_desk.profiles WHERE id = $1',
          [profile.id],
        )
        .then((r) => r.rows[0]),
    )
    expect(now).toEqual({ per_payout_minor: '1000000', time_zone: lowered.timeZone })
  })

  it("an owner's secret set while another owner moves the profile does not overwrite the move's check (review 84 F4)", async () => {
    const desk = sitisDesk()
    const profile = await addTeamProfile(desk, input('Toko Race'), 'secret-at-m1')
    kept.push(profile.id)
    const m2 = sandbox.openVexoraMerchant()
    // Another owner's desk (its own keychain): the move lands while its keychain write is under way.
    const other = createKeychainSecretStore(`Payout Desk team profiles other ${randomUUID().slice(0, 8)}`)
    await other.set(profile.id, 'what-it-held')
    const pool = new pg.Pool({ connectionString: urlFor('siti'), max: 2 })
    pools.push(pool)
    // Its connections end as the server stops after the suite: unheard, that ends the test run (CI).
    pool.on('error', () => undefined)
    let moved = false
    const racing: SecretStore = {
      ...other,
      set: async (id, value) => {
        const status = await other.set(id, value)
        if (!moved) {
          moved = true
          await editTeamProfile(desk, profile.id, input('Toko Race', m2), 'secret-at-m2', profile)
        }
        return status
      },
    }
    await expect(
      keepTeamSecret({ pool, secrets: racing } as unknown as TeamDesk, { id: profile.id }, 'rotated-at-m1', {
        replace: true,
      }),
    ).rejects.toMatchObject({ text: { key: 'teamSecretProfileChanged', params: { profile: 'Toko Race' } } })
    // The move's check stands, and the other desk's keychain holds what it held.
    expect(await stored(profile.id)).toMatchObject({
      merchant_id: m2,
      sender_check: await checkOf('secret-at-m2', profile.id),
    })
    expect(await other.reveal(profile.id)).toBe('what-it-held')
    await other.delete(profile.id)
  })

  it('a change made from a form opened before another owner moved the profile is refused, keychain and all (review 84 F1)', async () => {
    const desk = sitisDesk()
    const shown = await addTeamProfile(desk, input('Toko Stale'), 'secret-at-m1')
    kept.push(shown.id)
    // Rina's desk moves it to m2 with m2's secret, while Siti's form still shows m1.
    const m2 = sandbox.openVexoraMerchant()
    await editTeamProfile(desk, shown.id, input('Toko Stale', m2), 'secret-at-m2', shown)
    await keychain.set(shown.id, 'secret-at-m1')
    // Her form moves it "to" m3 over what she saw: refused, nothing written, her keychain as it was.
    await expect(
      editTeamProfile(
        desk,
        shown.id,
        input('Toko Stale', sandbox.openVexoraMerchant()),
        'secret-at-m3',
        shown,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      text: { key: 'profileChangedSinceShown', params: { profile: 'Toko Stale' } },
    })
    // A rename over a stale form too: the name she saw is not the name it has.
    const now = await editTeamProfile(desk, shown.id, input('Toko Stale Renamed', m2), null, {
      ...shown,
      merchantId: m2,
    })
    await expect(
      editTeamProfile(desk, shown.id, input('Toko Stale Again', m2), null, { ...shown, merchantId: m2 }),
    ).rejects.toMatchObject({ text: { key: 'profileChangedSinceShown' } })
    // A change that names nothing it was shown (a door that sent none) is refused too.
    await expect(
      editTeamProfile(desk, shown.id, input('Toko Stale Again', m2), null, undefined),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', text: { key: 'profileChangedSinceShown' } })
    expect(await stored(shown.id)).toMatchObject({
      merchant_id: m2,
      sender_check: await checkOf('secret-at-m2', shown.id),
    })
    expect(await keychain.reveal(shown.id)).toBe('secret-at-m1')
    expect(now.name).toBe('Toko Stale Renamed')
  })
})
