import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { profileCommand } from '../../electron/cli/commands/profile.ts'
import { dispatch, type Handlers } from '../../electron/ipc/dispatch.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { parsePrivateKey } from '../../electron/providers/bluepay/sign.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import type { ProfileView } from '../../shared/ipc/profiles-contract.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'
import { eventually } from '../support/eventually.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let services: Services
let handlers: Handlers
const answers: string[] = []
const logged: string[] = []
const events: string[] = []

async function call<T = unknown>(channel: string, input?: unknown): Promise<T> {
  const result = (await dispatch(handlers, channel, input, (c, e) =>
    logged.push(`${c} ${String(e)}`),
  )) as IpcResult<T>
  answers.push(JSON.stringify(result))
  if (!result.ok) throw Object.assign(new Error(result.message), { code: result.code })
  return result.value
}

beforeEach(async () => {
  tmp = makeTempDir()
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    // Each run gets its own keychain service so tests never see each other's secrets.
    secrets: createKeychainSecretStore(`Payout Desk test ${tmp.dir}`),
    sandbox: { settleAfterMs: 200, callbackRetryDelaysMs: [100] },
    pollIntervalMs: 100,
    hooks: {
      onPayoutsChanged: (ids) => events.push(...ids),
      onError: (w, e) => logged.push(`${w} ${String(e)}`),
    },
  })
  handlers = createHandlers(
    services,
    (event, payload) => answers.push(JSON.stringify({ event, payload })),
    (w, e) => logged.push(`${w} ${String(e)}`),
  )
})
afterEach(async () => {
  for (const p of await call<ProfileView[]>('listProfiles'))
    if (!p.builtin) await call('deleteSecret', { profileId: p.id })
  await services.close()
  tmp.cleanup()
})

describe('profiles over IPC', () => {
  it('start with one built-in sandbox profile per gateway, needing no credentials', async () => {
    const profiles = await call<ProfileView[]>('listProfiles')
    expect(profiles.map((p) => [p.name, p.provider, p.environment, p.builtin, p.baseUrl])).toEqual([
      ['BluePay sandbox (Thailand)', 'bluepay', 'sandbox', true, null],
      ['Vexora sandbox (Indonesia)', 'vexora', 'sandbox', true, null],
    ])
    const builtin = profiles[0] as ProfileView
    await expect(call('setSecret', { profileId: builtin.id, secret: 'x' })).rejects.toThrow(
      /built-in sandbox/,
    )
    await expect(call('removeProfile', { profileId: builtin.id })).resolves.toEqual({ removed: true })
  })

  it('are added, validated, renamed and removed; production needs https', async () => {
    const base = {
      name: 'Acme Vexora',
      provider: 'vexora',
      area: 'ID',
      environment: 'production',
      baseUrl: 'https://gw.example/indonesia',
      merchantId: '0000000042',
      notifyUrl: 'https://hooks.acme.example/vexora',
    }
    const saved = await call<ProfileView>('saveProfile', base)
    expect(saved).toMatchObject({
      name: 'Acme Vexora',
      builtin: false,
      baseUrl: 'https://gw.example/indonesia',
      balance: null,
    })
    await expect(call('saveProfile', { ...base, baseUrl: 'http://gw.example' })).rejects.toThrow(/https/)
    await expect(call('saveProfile', { ...base, area: 'ZZ' })).rejects.toThrow(/no area "ZZ"/)
    await expect(call('saveProfile', base)).rejects.toThrow(/already exists/)
    await expect(
      call('saveProfile', { ...base, name: 'BP', provider: 'bluepay', area: 'TH', gatewayPublicKey: 'junk' }),
    ).rejects.toThrow(/not a public key/)
    const shown = {
      name: 'Acme Vexora',
      area: 'ID',
      environment: 'production',
      baseUrl: base.baseUrl,
      merchantId: base.merchantId,
      notifyUrl: base.notifyUrl,
    }
    expect(await call('saveProfile', { ...base, id: saved.id, name: 'Acme (ID)', shown })).toMatchObject({
      id: saved.id,
      name: 'Acme (ID)',
    })
    // A form opened before that rename (review 84 F1): refused, the profile as it was.
    await expect(
      call('saveProfile', { ...base, id: saved.id, merchantId: '0000000043', shown }),
    ).rejects.toThrow(/"Acme \(ID\)" was changed by someone else since you opened it/)
    expect((await call<ProfileView[]>('listProfiles')).find((p) => p.id === saved.id)).toMatchObject({
      name: 'Acme (ID)',
      merchantId: '0000000042',
    })
    // Where the gateway posts its results counts too (review 86 F2): a form from before a new callback
    // address does not write the retired one back.
    const renamed = { ...shown, name: 'Acme (ID)' }
    await call('saveProfile', {
      ...base,
      id: saved.id,
      name: 'Acme (ID)',
      notifyUrl: 'https://hooks.acme.example/v2',
      shown: renamed,
    })
    await expect(
      call('saveProfile', { ...base, id: saved.id, name: 'Acme (ID)', shown: renamed }),
    ).rejects.toThrow(/changed by someone else since you opened it/)
    expect(await call('removeProfile', { profileId: saved.id })).toEqual({ removed: true })
    expect((await call<ProfileView[]>('listProfiles')).some((p) => p.id === saved.id)).toBe(false)
  })

  it("the command line's change is refused when the window moved the profile while the secret was pasted (review 86 F1)", async () => {
    const base = {
      name: 'Toko Desk',
      provider: 'vexora',
      area: 'ID',
      environment: 'production',
      baseUrl: 'https://gw.example/indonesia',
      merchantId: '0000000001',
      notifyUrl: 'https://me.example/notify',
      gatewayPublicKey: null,
    }
    const added = await call<ProfileView>('saveProfile', { ...base, secret: 'secret-at-m1' })
    const io = {
      out: () => undefined,
      err: () => undefined,
      isTty: false,
      ask: () => Promise.resolve(''),
      // While the person pastes the new secret, the window moves the profile to m2 with m2's secret.
      stdin: async () => {
        await call('saveProfile', {
          ...base,
          id: added.id,
          merchantId: '0000000002',
          secret: 'secret-at-m2',
          shown: {
            name: base.name,
            area: base.area,
            environment: base.environment,
            baseUrl: base.baseUrl,
            merchantId: base.merchantId,
            notifyUrl: base.notifyUrl,
          },
        })
        return Buffer.from('secret-at-m1-rotated\n')
      },
    }
    await expect(
      profileCommand(services, 'edit', ['Toko Desk'], { 'secret-stdin': true }, io),
    ).rejects.toMatchObject({ text: { key: 'profileChangedSinceShown' } })
    expect((await call<ProfileView[]>('listProfiles')).find((p) => p.id === added.id)?.merchantId).toBe(
      '0000000002',
    )
    expect(await services.secrets.reveal(added.id)).toBe('secret-at-m2')
  })

  it('store, fingerprint, replace and delete secrets in the keychain, never handing them back', async () => {
    const p = await call<ProfileView>('saveProfile', {
      name: 'V',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: 'http://127.0.0.1:9/vexora/id',
      merchantId: '1',
    })
    expect(await call('getSecretStatus', { profileId: p.id })).toEqual({ stored: false, fingerprint: null })
    const stored = await call<{ stored: boolean; fingerprint: string }>('setSecret', {
      profileId: p.id,
      secret: 'top-secret-app-key',
    })
    expect(stored.stored).toBe(true)
    expect(await call('getSecretStatus', { profileId: p.id })).toEqual(stored)
    expect(await call('deleteSecret', { profileId: p.id })).toEqual({ stored: false, fingerprint: null })

    const bp = await call<ProfileView>('saveProfile', {
      name: 'B',
      provider: 'bluepay',
      area: 'TH',
      environment: 'sandbox',
      baseUrl: 'http://127.0.0.1:9/bluepay',
      merchantId: 'APP',
    })
    await expect(call('setSecret', { profileId: bp.id, secret: 'not a key' })).rejects.toThrow(
      /not a private key/,
    )
    const generated = await call<{ publicKeyBase64: string; secret: { stored: boolean } }>(
      'generateBluePayKey',
      { profileId: bp.id },
    )
    expect(generated.secret.stored).toBe(true)
    expect(Buffer.from(generated.publicKeyBase64, 'base64').length).toBeGreaterThan(500)
    expect(answers.join('\n')).not.toMatch(/PRIVATE KEY|top-secret-app-key/)
  }, 30_000)
})

describe('payouts over IPC', () => {
  it('sends a payout on the built-in sandbox from typed text to Succeeded, and refreshes on demand', async () => {
    const vexora = (await call<ProfileView[]>('listProfiles')).find(
      (p) => p.provider === 'vexora',
    ) as ProfileView
    await expect(
      call('createPayout', {
        profileId: vexora.id,
        amount: '10.000',
        fields: idrFields(),
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toThrow(/no decimal places/)
    await expect(
      call('createPayout', {
        profileId: vexora.id,
        amount: '5,000',
        fields: idrFields(),
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toThrow(/smallest payout/)
    await expect(
      call('createPayout', {
        profileId: vexora.id,
        amount: '50000',
        fields: { ...idrFields(), mobile: '1' },
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toThrow(/mobile/)
    const created = await call<{ id: string; reference: string; status: string }>('createPayout', {
      profileId: vexora.id,
      amount: '1,250,000',
      fields: idrFields(),
      idempotencyKey: randomUUID(),
    })
    expect(created).toMatchObject({ status: 'queued', reference: expect.stringMatching(/^PD/) as unknown })
    await eventually(async () => {
      await call('refreshPayouts', { ids: [created.id] })
      const page = await call<{ rows: { id: string; status: string; amountMinor: number }[] }>(
        'listPayouts',
        {},
      )
      expect(page.rows.find((r) => r.id === created.id)).toMatchObject({
        status: 'succeeded',
        amountMinor: 1_250_000,
      })
    })
    expect(events).toContain(created.id)
    expect(await call('refreshPayouts', { allPending: true })).toEqual({ checked: 0, unanswered: 0 })
    expect(await call('getConnectivity')).toEqual({ online: true, message: null })
    const balance = await call<{ balance: { currency: string; availableMinor: number } }>('getBalance', {
      profileId: vexora.id,
      refresh: true,
    })
    expect(balance.balance).toMatchObject({ currency: 'IDR', availableMinor: 1_000_000_000 - 1_250_000 })
  })

  it('never lets a secret reach the ledger files, IPC answers or logs, through a whole scenario', async () => {
    const sandbox = await services.sandbox()
    if (!sandbox) throw new Error('no sandbox')
    await services.setListener({ enabled: true })
    const vexoraSecret = sandbox.credentials.vexora.secret
    const merchantKey = sandbox.credentials.bluepay.merchantPrivateKeyPem
    const v = await call<ProfileView>('saveProfile', {
      name: 'Real-shaped Vexora',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: `${sandbox.url}/vexora/id`,
      merchantId: sandbox.credentials.vexora.merchantNo,
    })
    const b = await call<ProfileView>('saveProfile', {
      name: 'Real-shaped BluePay',
      provider: 'bluepay',
      area: 'TH',
      environment: 'sandbox',
      baseUrl: `${sandbox.url}/bluepay`,
      merchantId: sandbox.credentials.bluepay.appId,
      gatewayPublicKey: sandbox.credentials.bluepay.bluepayPublicKeyPem,
    })
    await call('setSecret', { profileId: v.id, secret: vexoraSecret })
    await call('setSecret', { profileId: b.id, secret: merchantKey })
    const ids = [
      (
        await call<{ id: string }>('createPayout', {
          profileId: v.id,
          amount: '20000',
          fields: idrFields(),
          idempotencyKey: randomUUID(),
        })
      ).id,
      (
        await call<{ id: string }>('createPayout', {
          profileId: v.id,
          amount: '20000',
          fields: idrFields('5550000', 'Dewi Lestari'),
          idempotencyKey: randomUUID(),
        })
      ).id,
      (
        await call<{ id: string }>('createPayout', {
          profileId: b.id,
          amount: '500.20',
          fields: thbBankFields(),
          idempotencyKey: randomUUID(),
        })
      ).id,
    ]
    sandbox.faults.add({ mode: 'system-error', endpoint: 'create' })
    ids.push(
      (
        await call<{ id: string }>('createPayout', {
          profileId: b.id,
          amount: '1',
          fields: thbBankFields(),
          idempotencyKey: randomUUID(),
        })
      ).id,
    )
    await eventually(async () => {
      await call('refreshPayouts', { allPending: true })
      const rows = (await call<{ rows: { id: string; status: string }[] }>('listPayouts', {})).rows
      expect(
        rows
          .filter((r) => ids.includes(r.id))
          .map((r) => r.status)
          .sort(),
      ).toEqual(['failed', 'succeeded', 'succeeded', 'succeeded'])
    })
    await call('getBalance', { profileId: v.id, refresh: true })
    await services.close()

    const der = parsePrivateKey(merchantKey).export({ type: 'pkcs8', format: 'der' })
    const pemBody = merchantKey
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('')
    const needles = [
      Buffer.from(vexoraSecret),
      Buffer.from(Buffer.from(vexoraSecret).toString('base64')),
      Buffer.from(Buffer.from(vexoraSecret).toString('hex')),
      der.subarray(64, 128),
      Buffer.from(pemBody.slice(100, 164)),
      Buffer.from(der.toString('hex').slice(200, 264)),
    ]
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else files.push(path)
      }
    }
    walk(tmp.dir)
    expect(files.some((f) => f.endsWith('ledger.sqlite3'))).toBe(true)
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const needle of needles) expect(bytes.includes(needle), `${file} holds a secret`).toBe(false)
    }
    const said = [...answers, ...logged].join('\n')
    for (const needle of needles)
      expect(said.includes(needle.toString()), 'an answer or log holds a secret').toBe(false)
    // Re-open so afterEach can clean up the keychain entries.
    services = await createServices({
      appVersion: 't',
      dataDir: tmp.dir,
      secrets: createKeychainSecretStore(`Payout Desk test ${tmp.dir}`),
      sandbox: false,
      poll: false,
    })
    handlers = createHandlers(services, () => undefined)
  }, 60_000)
})
