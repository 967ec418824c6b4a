import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveProfile } from '../../electron/actions/profiles.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { getProfile, listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { runCli } from '../support/run-cli.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
const { call, refusal } = ipcCaller(() => createHandlers(services, () => undefined))

beforeEach(async () => {
  tmp = makeTempDir()
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    secrets: createKeychainSecretStore(`Payout Desk test ${tmp.dir}`),
    sandbox: false,
    poll: false,
  })
})
afterEach(async () => {
  for (const p of await call('listProfiles')) if (!p.builtin) await call('deleteSecret', { profileId: p.id })
  await services.close()
  tmp.cleanup()
})

/** A gateway's RSA public key, as BluePay gives it (PEM). */
const generateKeyPair = () =>
  Promise.resolve({
    publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString(),
  })

const vexora = {
  name: 'Acme Vexora',
  provider: 'vexora' as const,
  area: 'ID',
  environment: 'production' as const,
  baseUrl: 'https://gw.example/indonesia',
  merchantId: '0000000042',
  notifyUrl: 'https://hooks.acme.example/vexora',
}

describe('production profiles', () => {
  it('need https:// callback URLs, and a Vexora one needs a public callback URL', async () => {
    for (const notifyUrl of [null, 'http://hooks.acme.example/v', 'https://127.0.0.1:8443/callbacks/x']) {
      const refused = await refusal('saveProfile', { ...vexora, notifyUrl })
      expect(refused.code, String(notifyUrl)).toBe('INVALID_INPUT')
    }
    expect((await refusal('saveProfile', { ...vexora, notifyUrl: null })).message).toMatch(
      /needs a public callback URL/,
    )
    expect(
      (await refusal('saveProfile', { ...vexora, notifyUrl: 'http://hooks.acme.example/v' })).message,
    ).toMatch(/callback URL must start with https:\/\//)
    for (const host of ['localhost', '10.0.0.5', '192.168.1.9', 'printer.local', '[::1]'])
      await expect(
        refusal('saveProfile', { ...vexora, notifyUrl: `https://${host}/cb` }),
      ).resolves.toMatchObject({
        code: 'INVALID_INPUT',
      })
    // BluePay registers its callback URL with the account, so it may have none here; a given one is https.
    const bluepay = {
      ...vexora,
      name: 'Acme BluePay',
      provider: 'bluepay' as const,
      area: 'TH',
      notifyUrl: null,
    }
    await expect(call('saveProfile', bluepay)).resolves.toMatchObject({ name: 'Acme BluePay' })
    await expect(
      refusal('saveProfile', { ...bluepay, name: 'B2', notifyUrl: 'http://hooks.acme.example/b' }),
    ).resolves.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(call('saveProfile', vexora)).resolves.toMatchObject({ notifyUrl: vexora.notifyUrl })
    // A sandbox profile may still point at a local gateway and callback.
    await expect(
      call('saveProfile', {
        ...vexora,
        name: 'Local test',
        environment: 'sandbox',
        baseUrl: 'http://127.0.0.1:4010/vexora/id',
        notifyUrl: 'http://127.0.0.1:9/cb',
      }),
    ).resolves.toMatchObject({ environment: 'sandbox' })
  })
})

describe('a profile with a stored secret', () => {
  it('changes its address, merchant number or environment only with the secret entered again', async () => {
    const saved = await call('saveProfile', vexora)
    const first = await call('setSecret', { profileId: saved.id, secret: 'old-account-secret' })
    const moves = [
      { baseUrl: 'https://other-gw.example/indonesia' },
      { merchantId: '0000000099' },
      { environment: 'sandbox' as const },
    ]
    for (const change of moves) {
      const refused = await refusal('saveProfile', { ...vexora, id: saved.id, ...change })
      expect(refused.message).toMatch(/needs its secret again/)
      expect(getProfile(services.ledger, saved.id)).toMatchObject({
        baseUrl: vexora.baseUrl,
        merchantId: vexora.merchantId,
        environment: 'production',
      })
    }
    expect(await services.secrets.reveal(saved.id)).toBe('old-account-secret')
    // A rename needs no secret.
    await expect(call('saveProfile', { ...vexora, id: saved.id, name: 'Acme (ID)' })).resolves.toMatchObject({
      name: 'Acme (ID)',
    })
    // The same call carries the new account's secret: both change together.
    const moved = await call('saveProfile', {
      ...vexora,
      id: saved.id,
      name: 'Acme (ID)',
      merchantId: '0000000099',
      secret: 'new-account-secret',
    })
    expect(moved.merchantId).toBe('0000000099')
    expect(await services.secrets.reveal(saved.id)).toBe('new-account-secret')
    expect((await call('getSecretStatus', { profileId: saved.id })).fingerprint).not.toBe(first.fingerprint)
  })

  it('keeps a gateway address in one spelling, so one merchant is one account (review 65 F6)', async () => {
    const saved = await call('saveProfile', { ...vexora, baseUrl: 'https://GW.Example:443/indonesia/' })
    expect(saved.baseUrl).toBe(vexora.baseUrl)
    const copy = await call('saveProfile', {
      ...vexora,
      name: 'Acme payroll',
      baseUrl: 'https://gw.example/indonesia//',
    })
    expect(copy.baseUrl).toBe(saved.baseUrl)
    // A profile saved before keeps its spelling when the same address comes back written another way: it
    // stays at the account its payouts were written for, and asks for no secret.
    services.ledger
      .prepare('UPDATE profiles SET base_url = ? WHERE id = ?')
      .run('https://gw.example/indonesia/', saved.id)
    await call('setSecret', { profileId: saved.id, secret: 'the-account-secret' })
    const renamed = await call('saveProfile', {
      ...vexora,
      id: saved.id,
      name: 'Acme (ID)',
      baseUrl: 'https://GW.example/indonesia',
    })
    expect(renamed).toMatchObject({ name: 'Acme (ID)', baseUrl: 'https://gw.example/indonesia/' })
    expect(await services.secrets.reveal(saved.id)).toBe('the-account-secret')
  })

  it('gives a new profile the spelling a profile saved before has for the same address (review 69)', async () => {
    const old = await call('saveProfile', { ...vexora, baseUrl: 'https://gw.example/jakarta' })
    // Saved by an earlier version, as typed.
    services.ledger
      .prepare('UPDATE profiles SET base_url = ? WHERE id = ?')
      .run('https://GW.example/jakarta/', old.id)
    const copy = await call('saveProfile', {
      ...vexora,
      name: 'Acme payroll',
      baseUrl: 'https://gw.example/jakarta',
    })
    expect(copy.baseUrl).toBe('https://GW.example/jakarta/')
    // An address with a login in it is kept whole.
    const login = await call('saveProfile', {
      ...vexora,
      name: 'Acme login',
      baseUrl: 'https://u:p@gw.example/x/',
    })
    expect(login.baseUrl).toBe('https://u:p@gw.example/x/')
  })

  it('keeps everything as it was when the new secret is unusable', async () => {
    const bluepay = { ...vexora, name: 'BP', provider: 'bluepay' as const, area: 'TH', notifyUrl: null }
    const saved = await call('saveProfile', bluepay)
    const refused = await refusal('saveProfile', {
      ...bluepay,
      id: saved.id,
      merchantId: 'app-2',
      secret: 'not a private key',
    })
    expect(refused.code).toBe('INVALID_INPUT')
    expect(getProfile(services.ledger, saved.id)?.merchantId).toBe(bluepay.merchantId)
    expect((await call('getSecretStatus', { profileId: saved.id })).stored).toBe(false)
  })
})

describe('the command line', () => {
  it('refuses a production Vexora profile without a public callback URL', async () => {
    const result = await runCli([
      '--data-dir',
      tmp.dir,
      'profile',
      'add',
      '--name',
      'CLI prod',
      '--provider',
      'vexora',
      '--base-url',
      'https://gw.example/indonesia',
      '--merchant-no',
      '0000000042',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/needs a public callback URL/)
  })

  it('gives a profile added here the spelling a saved profile has for the same address, as the window does', async () => {
    const old = await call('saveProfile', { ...vexora, baseUrl: 'https://gw.example/jakarta' })
    // Saved by an earlier version, as typed.
    services.ledger
      .prepare('UPDATE profiles SET base_url = ? WHERE id = ?')
      .run('https://GW.example/jakarta/', old.id)
    const result = await runCli([
      '--data-dir',
      tmp.dir,
      'profile',
      'add',
      '--name',
      'CLI payroll',
      '--provider',
      'vexora',
      '--base-url',
      'https://gw.example/jakarta',
      '--area',
      'ID',
      '--merchant-no',
      '0000000042',
      '--notify-url',
      'https://hooks.acme.example/vexora',
    ])
    expect(result.code, result.stderr).toBe(0)
    const added = listProfiles(services.ledger).find((p) => p.name === 'CLI payroll')
    expect(added?.baseUrl).toBe('https://GW.example/jakarta/')
  })

  it('moves a profile added at the command line to another merchant with the secret given there (as the window does)', async () => {
    const cli = (args: string[], secret: string) =>
      runCli(['--data-dir', tmp.dir, 'profile', ...args], `${secret}\n`)
    const common = [
      '--provider',
      'vexora',
      '--base-url',
      vexora.baseUrl,
      '--area',
      'ID',
      '--notify-url',
      vexora.notifyUrl,
    ]
    const added = await cli(
      ['add', '--name', 'CLI moves', ...common, '--merchant-no', '0000000042', '--secret-stdin'],
      'first-account-secret',
    )
    expect(added.code, added.stderr).toBe(0)
    const before = added.stdout.match(/fingerprint ([0-9a-f ]+)\)/)?.[1]
    expect(before).toMatch(/^[0-9a-f]{4}/)
    // The new account's secret comes with the move: both land together, as one call of the window's.
    const moved = await cli(
      ['edit', 'CLI moves', '--merchant-no', '0000000099', '--secret-stdin'],
      'second-account-secret',
    )
    expect(moved.code, moved.stderr).toBe(0)
    expect(moved.stdout).toMatch(
      /^Changed profile .*its secret is in the keychain \(fingerprint [0-9a-f ]+\)/,
    )
    expect(moved.stdout.match(/fingerprint ([0-9a-f ]+)\)/)?.[1]).not.toBe(before)
    const profile = listProfiles(services.ledger).find((p) => p.name === 'CLI moves')
    expect(profile?.merchantId).toBe('0000000099')
    // Without it, the move is refused and nothing changes.
    const refused = await runCli([
      '--data-dir',
      tmp.dir,
      'profile',
      'edit',
      'CLI moves',
      '--merchant-no',
      '0000000100',
    ])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/needs its secret again/)
    expect(getProfile(services.ledger, profile?.id ?? '')?.merchantId).toBe('0000000099')
    await runCli(['--data-dir', tmp.dir, 'profile', 'remove', 'CLI moves'])
  })
})

describe('editing a profile in the window', () => {
  it("keeps a BluePay profile's gateway key when an edit leaves the key field empty, as the window says", async () => {
    const { publicKey } = await generateKeyPair()
    const bluepay = {
      name: 'Acme BluePay',
      provider: 'bluepay' as const,
      area: 'TH',
      environment: 'sandbox' as const,
      baseUrl: 'http://127.0.0.1:9/bluepay',
      merchantId: 'APP-1',
    }
    const saved = await call('saveProfile', { ...bluepay, gatewayPublicKey: publicKey })
    // Renamed in Settings: the form sends no key ("A key is stored. Paste a new one only to replace it."),
    // or an empty one (an empty key file at the command line): either keeps it.
    for (const gatewayPublicKey of [null, '']) {
      await call('saveProfile', { ...bluepay, id: saved.id, name: 'Acme BluePay TH', gatewayPublicKey })
      expect(getProfile(services.ledger, saved.id)?.gatewayPublicKey).toBe(publicKey.trim())
    }
  })
})

describe("a desk's profile change over what it showed", () => {
  it('is judged where it is written: a change landing while the keychain was asked refuses it (review 86 F3)', async () => {
    const dir = makeTempDir()
    const real = createKeychainSecretStore(`Payout Desk test ${dir.dir}`)
    const during: { work?: () => Promise<unknown> } = {}
    // The keychain is asked whether a secret is stored; the other door's change lands meanwhile.
    const racing = {
      ...real,
      status: async (id: string) => {
        const answer = await real.status(id)
        const work = during.work
        during.work = undefined
        if (work) await work()
        return answer
      },
    }
    const desk = await createServices({
      appVersion: 't',
      dataDir: dir.dir,
      secrets: racing,
      sandbox: false,
      poll: false,
    })
    try {
      const base = { ...vexora, name: 'Toko Baru', merchantId: '0000000001', gatewayPublicKey: null }
      const added = await saveProfile(desk, base)
      const shown = {
        name: 'Toko Baru',
        area: 'ID',
        environment: 'production' as const,
        baseUrl: base.baseUrl,
        merchantId: '0000000001',
        notifyUrl: base.notifyUrl,
      }
      during.work = () =>
        saveProfile(desk, { ...base, id: added.id, merchantId: '0000000002', secret: 'secret-of-m2', shown })
      await expect(
        saveProfile(desk, { ...base, id: added.id, merchantId: '0000000003', shown }),
      ).rejects.toMatchObject({ text: { key: 'profileChangedSinceShown' } })
      expect(getProfile(desk.ledger, added.id)?.merchantId).toBe('0000000002')
      expect(await real.reveal(added.id)).toBe('secret-of-m2')
      await real.delete(added.id)
    } finally {
      await desk.close()
      dir.cleanup()
    }
  })
})
