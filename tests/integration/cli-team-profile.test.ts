// The team's profiles at the command line (`payout-desk team add-profile`, `team edit-profile`, `team
// profiles`, `team limits`): a real PostgreSQL server, the loopback sandbox, each desk's own keychain.
// Actions covered: addTeamProfile, editTeamProfile, setTeamLimits (actions/team-profiles.ts), and
// through them keepTeamSecret's check (a desk sends only with the secret the owner gave).
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addTeamProfile, editTeamProfile } from '../../electron/actions/team-profiles.ts'
import { atTeamDesk } from '../../electron/services/team-desk.ts'
import type { TeamProfileRecord } from '../../electron/team/team-profile-writes.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'
import { senderCheckOf, senderKeyOf } from '../../electron/team/sender-key.ts'
import type { PostgresServer } from '../support/postgres-server.ts'
import { runCli } from '../support/run-cli.ts'
import { cliDesks } from '../support/team-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'
import { teamOfTwoWithSandbox } from '../support/team-fixtures.ts'
import { teamSessions } from '../support/team-sessions.ts'

let server: PostgresServer | undefined
let sandbox: Sandbox
const PASSWORD = { siti: 'siti-owner-passphrase', budi: 'budi-bookkeeper-pw' }
const { admin, urlFor } = teamSessions(() => server, PASSWORD)
const { at, forget, keychain } = cliDesks(['siti', 'budi'], urlFor, 'team profile')
const kept: string[] = []

beforeAll(async () => {
  ;({ server, sandbox } = await teamOfTwoWithSandbox(PASSWORD))
}, 180_000)
afterAll(async () => {
  for (const id of kept) for (const person of ['siti', 'budi'] as const) await forget(person, id)
  await sandbox.close()
  await server?.stop()
})

const profileRow = (name: string) =>
  admin((c) =>
    c
      .query<{
        id: string
        merchant_id: string
        per_payout_minor: string | null
        per_day_minor: string | null
        sender_check: string | null
        currency: string
        area: string
      }>('SELECT * FROM payout_desk.profiles WHERE name = $1', [name])
      .then((r) => r.rows[0]),
  )
const vexora = (name: string, merchant: string) => [
  '--name',
  name,
  '--provider',
  'vexora',
  '--base-url',
  sandbox.vexoraBaseUrl('id'),
  '--merchant-no',
  merchant,
  '--notify-url',
  'http://127.0.0.1:9/unused',
  '--secret-stdin',
]

describe('payout-desk team add-profile, edit-profile, profiles and limits', { timeout: 120_000 }, () => {
  it('an owner adds a profile with its secret; a bookkeeper cannot, and nothing is written', async () => {
    const merchant = sandbox.openVexoraMerchant()
    const refused = await at(
      'budi',
      ['team', 'add-profile', ...vexora('Toko Budi', merchant)],
      'any-secret\n',
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('only an owner of the team adds a team profile')
    expect(await profileRow('Toko Budi')).toBeUndefined()

    const added = await at(
      'siti',
      ['team', 'add-profile', ...vexora('Toko Siti', merchant)],
      `${sandbox.credentials.vexora.secret}\n`,
    )
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain(
      'Added team profile "Toko Siti" (Vexora, Indonesia ID, sandbox: test money).',
    )
    const row = await profileRow('Toko Siti')
    kept.push(row?.id ?? '')
    expect(row).toMatchObject({ merchant_id: merchant, currency: 'IDR', area: 'ID', per_payout_minor: null })
    // The ledger holds the secret's check, never the secret; her keychain holds the secret.
    expect(row?.sender_check).toBe(
      senderCheckOf(await senderKeyOf(sandbox.credentials.vexora.secret, row?.id ?? '')),
    )
    expect(await createKeychainSecretStore(keychain.siti).reveal(row?.id ?? '')).toBe(
      sandbox.credentials.vexora.secret,
    )
    // The same name twice is refused, in plain words.
    const twice = await at(
      'siti',
      ['team', 'add-profile', ...vexora('Toko Siti', merchant)],
      `${sandbox.credentials.vexora.secret}\n`,
    )
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('A profile named "Toko Siti" already exists.')
    // Added without a notify URL, it is said to need one before Vexora takes a payout.
    const bare = await at(
      'siti',
      [
        'team',
        'add-profile',
        ...vexora('Toko Tanpa', merchant).filter(
          (a, i, all) => a !== '--notify-url' && all[i - 1] !== '--notify-url',
        ),
      ],
      `${sandbox.credentials.vexora.secret}\n`,
    )
    expect(bare.code, bare.stderr).toBe(0)
    expect(bare.stderr).toContain('payout-desk team edit-profile "Toko Tanpa" --notify-url URL')
    kept.push((await profileRow('Toko Tanpa'))?.id ?? '')
    // `profile add` keeps this computer's own profiles: with a team ledger set, it says where the team's go.
    const own = makeTempDir()
    const desk = await runCli(
      ['profile', 'add', '--data-dir', own.dir, ...vexora('Own desk', merchant)],
      `${sandbox.credentials.vexora.secret}\n`,
      { PAYOUT_DESK_LEDGER_URL: urlFor('siti'), PAYOUT_DESK_KEYCHAIN_SERVICE: keychain.siti, LANG: 'C' },
    )
    own.cleanup()
    expect(desk.code, desk.stderr).toBe(0)
    expect(desk.stderr).toContain('A profile of the team ledger is added with `payout-desk team add-profile`')
    expect(await profileRow('Own desk')).toBeUndefined()
  })

  it('an owner sets the limits; what goes over them waits for her approval, the rest is sent', async () => {
    const refused = await at('budi', ['team', 'limits', 'Toko Siti', '--per-payout', 'none'])
    expect(refused.code).toBe(1)
    const set = await at('siti', [
      'team',
      'limits',
      'Toko Siti',
      '--per-payout',
      '1000000',
      '--per-day',
      '5,000,000',
    ])
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toContain('Limits of "Toko Siti": per payout IDR 1,000,000, per day IDR 5,000,000')
    // What they were as the command read them (review 84 F3): another owner's change just before shows.
    expect(set.stdout).toContain('They were: per payout none, per day none (a day in Asia/Jakarta).')
    expect(await profileRow('Toko Siti')).toMatchObject({
      per_payout_minor: '1000000',
      per_day_minor: '5000000',
    })
    const listed = await at('budi', ['team', 'profiles'])
    expect(listed.stdout).toMatch(/Toko Siti\s+vexora ID\s+test\s+IDR 1,000,000\s+IDR 5,000,000/)

    expect(
      (await at('budi', ['team', 'secret', 'Toko Siti'], `${sandbox.credentials.vexora.secret}\n`)).code,
    ).toBe(0)
    const pay = (amount: string, account: string, name: string) =>
      at('budi', [
        'team',
        'pay',
        '--profile',
        'Toko Siti',
        '--amount',
        amount,
        '--bankCode',
        '014',
        '--bankAccountNo',
        account,
        '--customerName',
        name,
        '--mobile',
        '081234567890',
        '--email',
        'p@example.com',
        '--yes',
      ])
    expect((await pay('2000000', '0012345671', 'Dewi Lestari')).stdout).toContain(
      "waits for an owner's approval",
    )
    expect((await pay('50000', '0012345672', 'Eko Prasetyo')).stdout).toContain('ready for a desk')
    const sent = await at('budi', ['team', 'send'])
    expect(sent.code, sent.stderr).toBe(0)
    const statuses = await admin((c) =>
      c
        .query<{ amount_minor: string; status: string }>(
          `SELECT p.amount_minor, p.status FROM payout_desk.payouts p JOIN payout_desk.profiles pr
             ON pr.id = p.profile_id WHERE pr.name = 'Toko Siti' ORDER BY p.amount_minor`,
        )
        .then((r) => r.rows),
    )
    expect(statuses[0]).toMatchObject({ amount_minor: '50000' })
    expect(['processing', 'succeeded']).toContain(statuses[0]?.status)
    expect(statuses[1]).toEqual({ amount_minor: '2000000', status: 'awaiting_approval' })
  })

  it('a move to another account takes the new secret with it; without, nothing changes', async () => {
    const before = await profileRow('Toko Siti')
    const other = sandbox.openVexoraMerchant()
    // Its payouts still open (one waits for approval, one may be at the gateway): the account stays.
    const open = await at(
      'siti',
      ['team', 'edit-profile', 'Toko Siti', '--merchant-no', other, '--secret-stdin'],
      'a-new-secret-from-the-gateway\n',
    )
    expect(open.code).toBe(1)
    expect(open.stderr).toContain('2 payouts of "Toko Siti" are not settled yet')
    expect(await profileRow('Toko Siti')).toEqual(before)
    // Settled (the one waiting cancelled, the other paid): now the move only asks for the new secret.
    await admin((c) =>
      c.query(
        `UPDATE payout_desk.payouts SET status = CASE status WHEN 'awaiting_approval' THEN 'cancelled' ELSE 'succeeded' END
          WHERE profile_id = $1`,
        [before?.id],
      ),
    )
    const bare = await at('siti', ['team', 'edit-profile', 'Toko Siti', '--merchant-no', other])
    expect(bare.code).toBe(1)
    expect(bare.stderr).toContain('needs its secret again')
    expect(await profileRow('Toko Siti')).toEqual(before)

    const renamed = await at('siti', ['team', 'edit-profile', 'Toko Siti', '--name', 'Toko Siti Baru'])
    expect(renamed.code, renamed.stderr).toBe(0)
    const moved = await at(
      'siti',
      ['team', 'edit-profile', 'Toko Siti Baru', '--merchant-no', other, '--secret-stdin'],
      'a-new-secret-from-the-gateway\n',
    )
    expect(moved.code, moved.stderr).toBe(0)
    const after = await profileRow('Toko Siti Baru')
    expect(after).toMatchObject({ id: before?.id, merchant_id: other })
    expect(after?.sender_check).toBe(
      senderCheckOf(await senderKeyOf('a-new-secret-from-the-gateway', before?.id ?? '')),
    )
    // Budi's desk holds the old account's secret: it no longer sends for the profile.
    const plan = await at('budi', ['team', 'send', '--dry-run'])
    expect(plan.stdout).toMatch(/Toko Siti Baru.*\bno\b/)
    const logged = await admin((c) =>
      c
        .query<{ person: string; merchant: string }>(
          `SELECT person, new->>'merchant_id' AS merchant FROM payout_desk.profile_events
            WHERE profile_id = $1 ORDER BY seq DESC LIMIT 1`,
          [before?.id],
        )
        .then((r) => r.rows[0]),
    )
    expect(logged).toEqual({ person: 'siti', merchant: other })
  })

  it("an edit that gives no gateway key keeps a BluePay profile's stored one, as the window says", async () => {
    const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString()
    const input = {
      name: 'Toko BluePay',
      provider: 'bluepay' as const,
      area: 'TH',
      environment: 'sandbox' as const,
      baseUrl: 'http://127.0.0.1:9/bluepay',
      merchantId: 'APP-TEAM-1',
      notifyUrl: null,
      gatewayPublicKey: publicKey,
    }
    const secrets = createKeychainSecretStore(keychain.siti)
    const key = readFileSync('resources/sandbox/merchant-private-key.pem', 'utf8')
    const added = await atTeamDesk({ url: urlFor('siti'), secrets }, (desk) =>
      addTeamProfile(desk, input, key),
    )
    kept.push(added.id)
    const renamed = await atTeamDesk({ url: urlFor('siti'), secrets }, (desk) =>
      editTeamProfile(
        desk,
        added.id,
        { ...input, name: 'Toko BluePay TH', gatewayPublicKey: null },
        null,
        added,
      ),
    )
    expect(renamed.name).toBe('Toko BluePay TH')
    expect(renamed.gatewayPublicKey?.trim()).toBe(publicKey.trim())
    // Another desk keeps the same key from its file, whole: its check is the team's (review 79 F9).
    const joined = await at('budi', ['team', 'secret', 'Toko BluePay TH'], key)
    expect(joined.code, joined.stderr).toBe(0)
    expect(joined.stdout).toContain('This desk can now send for it.')
    await forget('budi', added.id)
    // The same key in another text (PKCS#1, Windows line ends) is the same key (review 80 F1).
    const otherText = createPrivateKey(key)
      .export({ type: 'pkcs1', format: 'pem' })
      .toString()
      .replace(/\n/g, '\r\n')
    const again = await at('budi', ['team', 'secret', 'Toko BluePay TH'], otherText)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('This desk can now send for it.')
    await forget('budi', added.id)
  })

  it('keeps one spelling of a gateway address, and edits the profile named by its id only', async () => {
    const secrets = createKeychainSecretStore(keychain.siti)
    const at = (work: Parameters<typeof atTeamDesk>[1]) => atTeamDesk({ url: urlFor('siti'), secrets }, work)
    const base = {
      provider: 'vexora' as const,
      area: 'ID',
      environment: 'sandbox' as const,
      merchantId: sandbox.openVexoraMerchant(),
      notifyUrl: null,
      gatewayPublicKey: null,
    }
    const saved = (await profileRow('Toko Siti Baru')) ?? expect.unreachable('added above')
    const stored = await admin((c) =>
      c.query<{ base_url: string }>('SELECT base_url FROM payout_desk.profiles WHERE id = $1', [saved.id]),
    )
    const url = stored.rows[0]?.base_url ?? ''
    // The same address with an upper-case scheme and a trailing slash: the team's spelling is kept.
    const respelled = `${url.replace(/^http:\/\//, 'HTTP://')}/`
    const twin = (await at((desk) =>
      addTeamProfile(
        desk,
        { ...base, name: 'Toko Kembar', baseUrl: respelled },
        sandbox.credentials.vexora.secret,
      ),
    )) as TeamProfileRecord
    kept.push(twin.id)
    expect(twin.baseUrl).toBe(url)
    // A profile named after another's id is never taken for it.
    const decoy = (await at((desk) =>
      addTeamProfile(desk, { ...base, name: twin.id, baseUrl: url }, sandbox.credentials.vexora.secret),
    )) as { id: string }
    kept.push(decoy.id)
    const renamed = (await at((desk) =>
      editTeamProfile(desk, twin.id, { ...base, name: 'Toko Kembar Dua', baseUrl: url }, null, twin),
    )) as { id: string; name: string }
    expect(renamed).toMatchObject({ id: twin.id, name: 'Toko Kembar Dua' })
    expect((await profileRow(twin.id))?.id).toBe(decoy.id)
  })
})
